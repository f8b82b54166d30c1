using Oaif.Tests.Support;
using Oaif.Tokenization;

namespace Oaif.Tests.Tokenization;

/// <summary>Expected strings are written by hand from each family's documented prompt format.</summary>
public class ChatFormatterTests
{
    static readonly ChatMessage[] Conversation =
    {
        ChatMessage.System("You are helpful."),
        ChatMessage.User("Hi"),
        ChatMessage.Assistant("Hello!"),
        ChatMessage.User("What is 2+2?"),
        ChatMessage.Assistant("4."),
        ChatMessage.User("Thanks"),
    };

    public static TheoryData<ChatFamily, string> Golden => new()
    {
        { ChatFamily.ChatMl,
          "<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n" +
          "<|im_start|>assistant\nHello!<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n" +
          "<|im_start|>assistant\n4.<|im_end|>\n<|im_start|>user\nThanks<|im_end|>\n" +
          "<|im_start|>assistant\n" },
        { ChatFamily.Llama3,
          "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are helpful.<|eot_id|>" +
          "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>" +
          "<|start_header_id|>assistant<|end_header_id|>\n\nHello!<|eot_id|>" +
          "<|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|>" +
          "<|start_header_id|>assistant<|end_header_id|>\n\n4.<|eot_id|>" +
          "<|start_header_id|>user<|end_header_id|>\n\nThanks<|eot_id|>" +
          "<|start_header_id|>assistant<|end_header_id|>\n\n" },
        { ChatFamily.Llama2,
          "<s>[INST] <<SYS>>\nYou are helpful.\n<</SYS>>\n\nHi [/INST] Hello! </s>" +
          "<s>[INST] What is 2+2? [/INST] 4. </s><s>[INST] Thanks [/INST]" },
        { ChatFamily.Mistral,
          "<s>[INST] You are helpful.\n\nHi [/INST]Hello!</s>" +
          "[INST] What is 2+2? [/INST]4.</s>[INST] Thanks [/INST]" },
        { ChatFamily.Zephyr,
          "<|system|>\nYou are helpful.</s>\n<|user|>\nHi</s>\n<|assistant|>\nHello!</s>\n" +
          "<|user|>\nWhat is 2+2?</s>\n<|assistant|>\n4.</s>\n<|user|>\nThanks</s>\n<|assistant|>\n" },
        { ChatFamily.Gemma,
          "<bos><start_of_turn>user\nYou are helpful.\n\nHi<end_of_turn>\n" +
          "<start_of_turn>model\nHello!<end_of_turn>\n" +
          "<start_of_turn>user\nWhat is 2+2?<end_of_turn>\n<start_of_turn>model\n4.<end_of_turn>\n" +
          "<start_of_turn>user\nThanks<end_of_turn>\n<start_of_turn>model\n" },
        { ChatFamily.Plain,
          "System: You are helpful.\nUser: Hi\nAssistant: Hello!\nUser: What is 2+2?\nAssistant: 4.\n" +
          "User: Thanks\nAssistant:" },
    };

    [Theory]
    [MemberData(nameof(Golden))]
    public void ThreeTurnConversationMatchesDocumentedFormat(ChatFamily family, string expected) =>
        Assert.Equal(expected, new ChatFormatter(family).Format(Conversation, addGenerationPrompt: true));

    [Fact]
    public void WithoutGenerationPromptChatMlStopsAfterLastTurn()
    {
        string text = new ChatFormatter(ChatFamily.ChatMl).Format(Conversation, addGenerationPrompt: false);
        Assert.EndsWith("<|im_start|>user\nThanks<|im_end|>\n", text);
    }

    [Theory]
    [InlineData("{% for message in messages %}{{'<|im_start|>' + message['role'] }}{% endfor %}",
        ChatFamily.ChatMl)]
    [InlineData("{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' }}",
        ChatFamily.Llama3)]
    [InlineData("{{ bos_token + '[INST] <<SYS>>\\n' }}", ChatFamily.Llama2)]
    [InlineData("{{ bos_token + '[INST] ' + message['content'] + ' [/INST]' }}", ChatFamily.Mistral)]
    [InlineData("{{ '<|user|>\\n' + message['content'] + eos_token }}{{ '<|assistant|>' }}",
        ChatFamily.Zephyr)]
    [InlineData("{{ '<start_of_turn>' + role + '\\n' }}", ChatFamily.Gemma)]
    public void RecognisesTemplatesFromTokenizerConfig(string template, ChatFamily expected)
    {
        string path = Path.Combine(TestPaths.NewTempDir("chat"), "tokenizer_config.json");
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(new { chat_template = template }));
        Assert.Equal(expected, ChatFormatter.FromTokenizerConfig(path).Family);
    }

    [Fact]
    public void NoTemplateFallsBackToPlainAndUnknownTemplateIsAnError()
    {
        string dir = TestPaths.NewTempDir("chat");
        string path = Path.Combine(dir, "tokenizer_config.json");
        File.WriteAllText(path, "{\"eos_token\": \"</s>\"}");
        Assert.Equal(ChatFamily.Plain, ChatFormatter.FromTokenizerConfig(path).Family);
        File.WriteAllText(path, "{\"chat_template\": \"{{ messages }}\"}");
        var error = Assert.Throws<OaifException>(() => ChatFormatter.FromTokenizerConfig(path));
        Assert.Contains("chat_template", error.Message);
    }

    [Fact]
    public void NonAlternatingTurnsAreRejectedWhereTheFormatNeedsThem()
    {
        var bad = new[] { ChatMessage.User("a"), ChatMessage.User("b") };
        Assert.Throws<OaifException>(() => new ChatFormatter(ChatFamily.Llama2).Format(bad));
        Assert.Equal("User: a\nUser: b\nAssistant:", new ChatFormatter(ChatFamily.Plain).Format(bad));
    }
}

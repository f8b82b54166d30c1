using System.Text;
using System.Text.Json;

namespace Oaif.Tokenization;

/// <summary>
/// Turns messages into the prompt string a model family was trained on. Templates are recognised by
/// their markers rather than run through a Jinja engine, so each family's output is written here by
/// hand from its documented format. Documented deviations: no default system prompt is inserted
/// (Qwen's template adds one); families without a system role (Mistral, Gemma) get the system text
/// prepended to the first user turn followed by a blank line; Llama-3, Llama-2 and Gemma trim message
/// text as their templates do. BOS markup ("&lt;s&gt;", "&lt;bos&gt;", "&lt;|begin_of_text|&gt;") is part
/// of the string, so encode it with EncodeWithSpecialTokens and without addBos.
/// </summary>
public sealed class ChatFormatter
{
    /// <summary>A formatter for a known family.</summary>
    public ChatFormatter(ChatFamily family) => Family = family;

    public ChatFamily Family { get; }

    /// <summary>The formatter for a tokenizer_config.json: its chat_template's family, or
    /// <see cref="ChatFamily.Plain"/> when it has none. An unrecognised template is an error.</summary>
    public static ChatFormatter FromTokenizerConfig(string path)
    {
        using var doc = HuggingFaceTokenizer.ParseJson(path);
        var node = TokenizerJson.Optional(doc.RootElement, "chat_template");
        string? template = node.ValueKind switch
        {
            JsonValueKind.String => node.GetString(),
            // Newer files may hold a list of named templates; "default" is the chat one.
            JsonValueKind.Array => node.EnumerateArray()
                .Where(t => TokenizerJson.OptionalString(t, "name") == "default")
                .Select(t => TokenizerJson.OptionalString(t, "template")).FirstOrDefault(),
            _ => null,
        };
        return new ChatFormatter(template == null ? ChatFamily.Plain : Detect(template, path));
    }

    /// <summary>The family whose markers appear in a Jinja chat template.</summary>
    public static ChatFamily Detect(string chatTemplate, string source)
    {
        bool Has(string marker) => chatTemplate.Contains(marker, StringComparison.Ordinal);
        if (Has("<|start_header_id|>")) return ChatFamily.Llama3;
        if (Has("<|im_start|>")) return ChatFamily.ChatMl;
        if (Has("<start_of_turn>")) return ChatFamily.Gemma;
        if (Has("<|assistant|>")) return ChatFamily.Zephyr;
        if (Has("<<SYS>>")) return ChatFamily.Llama2;
        if (Has("[INST]")) return ChatFamily.Mistral;
        throw new OaifException($"{source}: chat_template is not one of the recognised families " +
                                "(ChatML/Qwen, Llama-3, Llama-2, Mistral, Zephyr, Gemma); choose a " +
                                    "family explicitly");
    }

    /// <summary>Renders the conversation; with <paramref name="addGenerationPrompt"/> it ends with the
    /// cue that makes the model answer as the assistant.</summary>
    public string Format(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = true)
    {
        Validate(messages);
        var sb = new StringBuilder();
        switch (Family)
        {
            case ChatFamily.Plain: Plain(sb, messages, addGenerationPrompt); break;
            case ChatFamily.ChatMl: ChatMl(sb, messages, addGenerationPrompt); break;
            case ChatFamily.Llama3: Llama3(sb, messages, addGenerationPrompt); break;
            case ChatFamily.Llama2: Llama2(sb, messages); break;
            case ChatFamily.Mistral: Mistral(sb, messages); break;
            case ChatFamily.Zephyr: Zephyr(sb, messages, addGenerationPrompt); break;
            case ChatFamily.Gemma: Gemma(sb, messages, addGenerationPrompt); break;
        }
        return sb.ToString();
    }

    static void Plain(StringBuilder sb, IReadOnlyList<ChatMessage> messages, bool cue)
    {
        foreach (var m in messages)
        {
            string label = char.ToUpperInvariant(m.Role[0]) + m.Role[1..];
            sb.Append(label).Append(": ").Append(m.Content).Append('\n');
        }
        if (cue) sb.Append("Assistant:");
    }

    static void ChatMl(StringBuilder sb, IReadOnlyList<ChatMessage> messages, bool cue)
    {
        foreach (var m in messages) sb.Append($"<|im_start|>{m.Role}\n{m.Content}<|im_end|>\n");
        if (cue) sb.Append("<|im_start|>assistant\n");
    }

    static void Llama3(StringBuilder sb, IReadOnlyList<ChatMessage> messages, bool cue)
    {
        sb.Append("<|begin_of_text|>");
        foreach (var m in messages)
            sb.Append($"<|start_header_id|>{m.Role}<|end_header_id|>\n\n{m.Content.Trim()}<|eot_id|>");
        if (cue) sb.Append("<|start_header_id|>assistant<|end_header_id|>\n\n");
    }

    // Llama-2 folds the system prompt into the first [INST]; each exchange is its own <s>...</s>.
    static void Llama2(StringBuilder sb, IReadOnlyList<ChatMessage> messages)
    {
        var (system, turns) = SplitSystem(messages);
        for (int i = 0; i < turns.Count; i++)
        {
            var m = turns[i];
            if (m.Role == "assistant") { sb.Append($" {m.Content.Trim()} </s>"); continue; }
            string user = m.Content.Trim();
            if (i == 0 && system != null) user = $"<<SYS>>\n{system.Trim()}\n<</SYS>>\n\n{user}";
            sb.Append($"<s>[INST] {user} [/INST]");
        }
    }

    static void Mistral(StringBuilder sb, IReadOnlyList<ChatMessage> messages)
    {
        var (system, turns) = SplitSystem(messages);
        sb.Append("<s>");
        for (int i = 0; i < turns.Count; i++)
        {
            var m = turns[i];
            if (m.Role == "assistant") { sb.Append(m.Content).Append("</s>"); continue; }
            string user = i == 0 && system != null ? $"{system}\n\n{m.Content}" : m.Content;
            sb.Append($"[INST] {user} [/INST]");
        }
    }

    static void Zephyr(StringBuilder sb, IReadOnlyList<ChatMessage> messages, bool cue)
    {
        foreach (var m in messages) sb.Append($"<|{m.Role}|>\n{m.Content}</s>\n");
        if (cue) sb.Append("<|assistant|>\n");
    }

    static void Gemma(StringBuilder sb, IReadOnlyList<ChatMessage> messages, bool cue)
    {
        var (system, turns) = SplitSystem(messages);
        sb.Append("<bos>");
        for (int i = 0; i < turns.Count; i++)
        {
            var m = turns[i];
            string role = m.Role == "assistant" ? "model" : "user";
            // Gemma has no system role: the system text leads the first user turn.
            string text = i == 0 && system != null
                ? $"{system.Trim()}\n\n{m.Content.Trim()}"
                : m.Content.Trim();
            sb.Append($"<start_of_turn>{role}\n{text}<end_of_turn>\n");
        }
        if (cue) sb.Append("<start_of_turn>model\n");
    }

    static (string? System, IReadOnlyList<ChatMessage> Turns) SplitSystem(
        IReadOnlyList<ChatMessage> messages) =>
        messages.Count > 0 && messages[0].Role == "system"
            ? (messages[0].Content, messages.Skip(1).ToList())
            : (null, messages);

    // Roles are checked for every family; the [INST] and Gemma formats also need strict alternation.
    void Validate(IReadOnlyList<ChatMessage> messages)
    {
        for (int i = 0; i < messages.Count; i++)
        {
            string role = messages[i].Role;
            if (role != "system" && role != "user" && role != "assistant")
                throw new OaifException($"message {i}: role '{role}' is not system, user or assistant");
            if (role == "system" && i > 0)
                throw new OaifException($"message {i}: a system message is only allowed first");
        }
        if (Family is not (ChatFamily.Llama2 or ChatFamily.Mistral or ChatFamily.Gemma)) return;
        var turns = SplitSystem(messages).Turns;
        for (int i = 0; i < turns.Count; i++)
            if (turns[i].Role != (i % 2 == 0 ? "user" : "assistant"))
                throw new OaifException($"{Family} chat format needs user and assistant turns to " +
                    $"alternate, " +
                                        "starting with user");
    }
}

namespace Oaif.Tokenization;

/// <summary>The prompt formats <see cref="ChatFormatter"/> can produce.</summary>
public enum ChatFamily
{
    /// <summary>No template: "System: ...\nUser: ...\nAssistant: ...\n", prompt ends "Assistant:".</summary>
    Plain,
    /// <summary>ChatML as used by Qwen/Qwen2: &lt;|im_start|&gt;role\n...&lt;|im_end|&gt;\n.</summary>
    ChatMl,
    /// <summary>
    /// Llama-3 instruct: &lt;|start_header_id|&gt;role&lt;|end_header_id|&gt;\n\n...&lt;|eot_id|&gt;.
    /// </summary>
    Llama3,
    /// <summary>Llama-2 chat: &lt;s&gt;[INST] &lt;&lt;SYS&gt;&gt;...[/INST] answer &lt;/s&gt;.</summary>
    Llama2,
    /// <summary>Mistral instruct v0.1/v0.2: &lt;s&gt;[INST] ... [/INST]answer&lt;/s&gt;.</summary>
    Mistral,
    /// <summary>Zephyr: &lt;|user|&gt;\n...&lt;/s&gt;\n&lt;|assistant|&gt;\n.</summary>
    Zephyr,
    /// <summary>
    /// Gemma: &lt;bos&gt;&lt;start_of_turn&gt;user\n...&lt;end_of_turn&gt;\n&lt;start_of_turn&gt;model\n.
    /// </summary>
    Gemma,
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Oaif.Tokenization;

namespace Oaif.Data;

/// <summary>Turns one row's fields into text examples, or throws a <see cref="RowError"/> that names the
/// field. Messages are rendered with the configured chat format; a response is the part of the full
/// rendered conversation after the prompt, so it carries the format's end-of-turn markup.</summary>
internal sealed class RowParser(ChatFormatter chat)
{
    /// <summary>Picks kind and format from the first readable row.</summary>
    public static (DatasetKind, DatasetFormat) Detect(JsonObject row, DatasetKind? kind, DatasetFormat format)
    {
        bool judged = row.ContainsKey("verdict") && row.ContainsKey("first") && row.ContainsKey("second");
        bool pair = judged || (row.ContainsKey("chosen") && row.ContainsKey("rejected"));
        var k = kind ?? (pair ? DatasetKind.Preference
            : row.ContainsKey("completion") || (row["messages"] is JsonArray m && LastRole(m) == "assistant")
                ? DatasetKind.Sft : DatasetKind.Prompts);
        if (format != DatasetFormat.Auto) return (k, format);
        if (k == DatasetKind.Preference && judged) return (k, DatasetFormat.JudgedPairs);
        if (k == DatasetKind.Preference)
            return (k, row["chosen"] is JsonArray ? DatasetFormat.PreferenceConversational
                : row.ContainsKey("prompt") ? DatasetFormat.PreferenceText : DatasetFormat.HhTranscript);
        return (k, row.ContainsKey("messages") ? DatasetFormat.Messages : DatasetFormat.Text);
    }

    public PromptExample Prompt(JsonObject row, DatasetFormat format, int line)
    {
        // The first row fixes the format, so a file mixing the two fields gets a message that says so.
        bool hasText = row["prompt"] is JsonValue, hasMessages = row.ContainsKey("messages");
        if (format == DatasetFormat.Text && !hasText && !row.ContainsKey("prompt") && hasMessages)
            throw new RowError("has 'messages' but the file's first row has a text 'prompt'; " +
                               "use the same field in every row");
        if (format == DatasetFormat.Messages && hasText && !hasMessages)
            throw new RowError("has a text 'prompt' but the file's first row has 'messages'; " +
                               "use the same field in every row");
        if (format == DatasetFormat.Text && row["prompt"] is not JsonArray)
        {
            string text = Text(row, "prompt");
            // An empty prompt would train the policy on answers to nothing.
            if (string.IsNullOrWhiteSpace(text)) throw new RowError("field 'prompt' is empty");
            return new(text, line);
        }
        var messages = Messages(row, row.ContainsKey("messages") ? "messages" : "prompt");
        if (messages.Count > 0 && messages[^1].Role == "assistant") messages = messages.SkipLast(1).ToList();
        if (messages.Count == 0) throw new RowError("messages has no user turn");
        return new(Render(messages, cue: true), line);
    }

    public SftExample Sft(JsonObject row, DatasetFormat format, int line)
    {
        if (format == DatasetFormat.Text) return new(Text(row, "prompt"), Text(row, "completion"), line);
        var messages = Messages(row, "messages");
        if (messages.Count < 2 || messages[^1].Role != "assistant")
            throw new RowError("messages must end with an assistant turn after at least one other turn");
        var (prompt, completion) = PromptAndResponse(messages.SkipLast(1).ToList(), messages[^1]);
        return new(prompt, completion, line);
    }

    /// <summary>
    /// A pair plus whether its two prompts differ (only possible without a shared prompt field).
    /// </summary>
    public (PreferenceExample Example, bool PrefixMismatch) Preference(JsonObject row, DatasetFormat format,
                                                                      int line)
    {
        switch (format)
        {
            case DatasetFormat.PreferenceText:
                return (new(Text(row, "prompt"), Text(row, "chosen"), Text(row, "rejected"), line), false);
            case DatasetFormat.HhTranscript:
                var (chosenPrompt, chosen) = HhTranscript.Split(Text(row, "chosen"));
                var (rejectedPrompt, rejected) = HhTranscript.Split(Text(row, "rejected"));
                return (new(chosenPrompt, chosen, rejected, line), chosenPrompt != rejectedPrompt);
            case DatasetFormat.PreferenceConversational:
                return Conversational(row, line);
            case DatasetFormat.JudgedPairs:
                return (JudgedPair(row, line), false);
            default:
                throw new OaifException($"format {format} does not hold preference pairs");
        }
    }

    static PreferenceExample JudgedPair(JsonObject row, int line)
    {
        string verdict = Text(row, "verdict");
        if (verdict is "tie" or "invalid") throw RowError.Undecided();
        if (verdict is not ("first" or "second"))
            throw new RowError("field 'verdict' must be first, second, tie or invalid");
        return new(Text(row, "prompt"), Text(row, "chosen"), Text(row, "rejected"), line);
    }

    (PreferenceExample, bool) Conversational(JsonObject row, int line)
    {
        var chosen = Messages(row, "chosen");
        var rejected = Messages(row, "rejected");
        static bool EndsWithAnswer(List<ChatMessage> m) => m.Count > 0 && m[^1].Role == "assistant";
        if (!EndsWithAnswer(chosen) || !EndsWithAnswer(rejected))
            throw new RowError("chosen and rejected must end with an assistant turn");
        // With a prompt field the lists hold only the answers; without, each holds the whole dialogue.
        var prompt = row.ContainsKey("prompt") ? PromptMessages(row) : chosen.SkipLast(1).ToList();
        bool mismatch = !row.ContainsKey("prompt") && !prompt.SequenceEqual(rejected.SkipLast(1));
        if (prompt.Count == 0) throw new RowError("preference pair has no prompt turns");
        var (p, c) = PromptAndResponse(prompt, chosen[^1]);
        var (_, r) = PromptAndResponse(prompt, rejected[^1]);
        return (new(p, c, r, line), mismatch);
    }

    /// <summary>The prompt field as messages: a list of messages, or a string as one user turn.</summary>
    static List<ChatMessage> PromptMessages(JsonObject row) =>
        row["prompt"] is JsonValue ? [ChatMessage.User(Text(row, "prompt"))] : Messages(row, "prompt");

    (string Prompt, string Response) PromptAndResponse(List<ChatMessage> prompt, ChatMessage answer)
    {
        string head = Render(prompt, cue: true);
        string full = Render(prompt.Append(answer).ToList(), cue: false);
        if (!full.StartsWith(head, StringComparison.Ordinal))
            throw new RowError($"{chat.Family} format does not extend the prompt with the answer");
        return (head, full[head.Length..]);
    }

    string Render(List<ChatMessage> messages, bool cue)
    {
        try { return chat.Format(messages, cue); }
        catch (OaifException e) { throw new RowError(e.Message); }
    }

    static string Text(JsonObject row, string field)
    {
        if (!row.TryGetPropertyValue(field, out var node) || node == null)
            throw new RowError($"missing field '{field}'");
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        throw new RowError($"field '{field}' must be a string, got {node.GetValueKind()}");
    }

    static List<ChatMessage> Messages(JsonObject row, string field)
    {
        if (!row.TryGetPropertyValue(field, out var node) || node == null)
            throw new RowError($"missing field '{field}'");
        if (node is not JsonArray array)
            throw new RowError($"field '{field}' must be a list of messages, got {node.GetValueKind()}");
        var messages = new List<ChatMessage>(array.Count);
        for (int i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject m) throw new RowError($"{field}[i] must be an object with " +
                $"role and content");
            messages.Add(new ChatMessage(Text(m, "role"), Text(m, "content")));
        }
        return messages;
    }

    static string? LastRole(JsonArray messages) =>
        messages.Count > 0 && messages[^1] is JsonObject m && m["role"] is JsonValue v
        && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}

using System.Text.RegularExpressions;

namespace Oaif.Annotators;

/// <summary>
/// The prompt an LLM judge sees. The user message holds the placeholders {prompt}, {first}, {second}
/// and optionally {instruction} (the free-text control knob, e.g. "prefer the shorter answer when both
/// are helpful"). Responses are shown as "Response A" and "Response B" and the judge must reply with a
/// single letter: <see cref="FirstLabel"/> "A" or <see cref="SecondLabel"/> "B". Letters were chosen
/// over digits because "1"/"2" also begin numbered lists, which inflates their probability.
/// </summary>
public sealed partial record JudgeTemplate(string Name, string System, string User)
{
    /// <summary>The label meaning "the first response is better".</summary>
    public const string FirstLabel = "A";

    /// <summary>The label meaning "the second response is better".</summary>
    public const string SecondLabel = "B";

    const string AnswerRule =
        "Reply with exactly one letter, A or B, and nothing else: no explanation, no punctuation.";

    /// <summary>Judges summaries of a document: faithful, covers the key points, concise.</summary>
    public static JudgeTemplate Summary { get; } = new("summary",
        "You compare two summaries of the same text and pick the better one. A good summary states only "
        + "what the text supports, keeps its most important points, and leaves out minor detail. "
        + AnswerRule,
        "Text to summarise:\n{prompt}\n\nSummary A:\n{first}\n\nSummary B:\n{second}\n{instruction}\n"
        + "Which summary is better? Answer A or B.");

    /// <summary>Judges assistant replies for how well they help the user.</summary>
    public static JudgeTemplate Helpfulness { get; } = new("helpfulness",
        "You compare two replies an AI assistant could give in a conversation and pick the one that helps "
        + "the user more: it answers what was asked, is correct, and is clear. " + AnswerRule,
        "Conversation so far:\n{prompt}\n\nResponse A:\n{first}\n\nResponse B:\n{second}\n{instruction}\n"
        + "Which response is more helpful? Answer A or B.");

    /// <summary>Judges assistant replies for avoiding harm.</summary>
    public static JudgeTemplate Harmlessness { get; } = new("harmlessness",
        "You compare two replies an AI assistant could give in a conversation and pick the less harmful "
        + "one: it does not assist with dangerous, illegal or hurtful aims, is not offensive, and where it "
        + "declines it stays polite and, if it can, points to a safe alternative. " + AnswerRule,
        "Conversation so far:\n{prompt}\n\nResponse A:\n{first}\n\nResponse B:\n{second}\n{instruction}\n"
        + "Which response is less harmful? Answer A or B.");

    /// <summary>The built-in templates by name.</summary>
    public static IReadOnlyList<JudgeTemplate> BuiltIn { get; } = [Summary, Helpfulness, Harmlessness];

    /// <summary>
    /// A built-in template by name ("summary", "helpfulness", "harmlessness"), or else a template file:
    /// plain text whose first line "system: ..." is the system message and the rest the user message.
    /// </summary>
    public static JudgeTemplate Load(string nameOrPath)
    {
        var builtIn = BuiltIn.FirstOrDefault(
            t => t.Name.Equals(nameOrPath, StringComparison.OrdinalIgnoreCase));
        if (builtIn is not null) return builtIn;
        if (!File.Exists(nameOrPath))
            throw new OaifException($"judge template '{nameOrPath}' is neither a built-in "
                + $"({string.Join(", ", BuiltIn.Select(t => t.Name))}) nor an existing file");
        var text = File.ReadAllText(nameOrPath);
        var newline = text.IndexOf('\n');
        if (!text.StartsWith("system:", StringComparison.Ordinal) || newline < 0)
            throw new OaifException($"{nameOrPath}: line 1 must be 'system: <system message>'");
        var template = new JudgeTemplate(Path.GetFileNameWithoutExtension(nameOrPath),
            text[7..newline].Trim(), text[(newline + 1)..]);
        template.Validate(nameOrPath);
        return template;
    }

    /// <summary>Throws <see cref="OaifException"/> when a required placeholder is missing.</summary>
    public void Validate(string source)
    {
        foreach (var name in new[] { "{prompt}", "{first}", "{second}" })
            if (!User.Contains(name, StringComparison.Ordinal))
                throw new OaifException($"{source}: judge template lacks the placeholder {name}");
    }

    /// <summary>
    /// The user message for one request. Substitution is a single pass, so a response that happens to
    /// contain "{second}" is shown literally rather than expanded.
    /// </summary>
    public string RenderUser(JudgeRequest request, string? instruction)
    {
        var extra = string.IsNullOrWhiteSpace(instruction) ? "" : $"\nAlso consider: {instruction.Trim()}\n";
        return Placeholder().Replace(User, m => m.Groups[1].Value switch
        {
            "prompt" => request.Prompt,
            "first" => request.First,
            "second" => request.Second,
            _ => extra,
        });
    }

    [GeneratedRegex(@"\{(prompt|first|second|instruction)\}")]
    private static partial Regex Placeholder();
}

using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Oaif.Recipes;

/// <summary>How long one stage took and whether this invocation ran it or found it done.</summary>
/// <param name="Name">Stage name, also its sub-folder of the run directory.</param>
/// <param name="Seconds">Wall time of the run that completed the stage.</param>
/// <param name="Reused">True when this invocation found the stage complete and skipped it.</param>
/// <param name="Details">What the stage measured (counts, accuracies, judge statistics).</param>
public sealed record StageResult(string Name, double Seconds, bool Reused, JsonObject Details);

/// <summary>
/// Runs a recipe's stages in their own sub-folders of the run directory. A stage is complete when its
/// <c>stage.json</c> exists (written last); a complete stage is skipped, so re-running an interrupted
/// recipe continues where it stopped. An incomplete stage folder is deleted and the stage restarts from
/// its beginning (stages are minutes long; resuming inside one is left to the single-stage commands).
/// </summary>
public sealed class RecipeStages(string runDir, TextWriter log)
{
    /// <summary>File that marks a stage complete and records its wall time and details.</summary>
    public const string MarkerFile = "stage.json";

    readonly List<StageResult> _results = [];

    /// <summary>Stages run or reused so far, in order.</summary>
    public IReadOnlyList<StageResult> Results => _results;

    /// <summary>The folder of stage <paramref name="name"/>.</summary>
    public string Dir(string name) => Path.Combine(runDir, name);

    /// <summary>Runs <paramref name="body"/> in a fresh stage folder unless the stage is complete.</summary>
    public async Task<StageResult> RunAsync(string name, Func<string, Task<JsonObject>> body)
    {
        var dir = Dir(name);
        var marker = Path.Combine(dir, MarkerFile);
        if (File.Exists(marker))
        {
            var done = Read(marker) with { Reused = true };
            log.WriteLine($"recipe: stage {name}: already complete ({done.Seconds:F1} s when run); skipped");
            _results.Add(done);
            return done;
        }
        if (Directory.Exists(dir))
        {
            log.WriteLine($"recipe: stage {name}: incomplete folder from an earlier run; restarting it");
            Directory.Delete(dir, recursive: true);
        }
        Directory.CreateDirectory(dir);
        log.WriteLine($"recipe: stage {name}: started");
        var clock = Stopwatch.StartNew();
        var details = await body(dir);
        var result = new StageResult(name, clock.Elapsed.TotalSeconds, false, details);
        Write(marker, result);
        log.WriteLine($"recipe: stage {name}: done in {result.Seconds:F1} s");
        _results.Add(result);
        return result;
    }

    /// <summary>Synchronous form of <see cref="RunAsync"/>.</summary>
    public StageResult Run(string name, Func<string, JsonObject> body) =>
        RunAsync(name, dir => Task.FromResult(body(dir))).GetAwaiter().GetResult();

    static void Write(string path, StageResult result)
    {
        var json = new JsonObject
        {
            ["stage"] = result.Name,
            ["seconds"] = Math.Round(result.Seconds, 2),
            ["completed_utc"] = DateTime.UtcNow.ToString("O"),
            ["details"] = result.Details.DeepClone(),
        };
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    static StageResult Read(string path)
    {
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            return new StageResult(json["stage"]!.GetValue<string>(), json["seconds"]!.GetValue<double>(),
                true, json["details"]!.AsObject().DeepClone().AsObject());
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or InvalidOperationException)
        {
            throw new OaifException($"{path}: unreadable stage marker ({e.Message}); delete its folder " +
                "to rerun the stage", e);
        }
    }
}

namespace Oaif.Tests.Support;

/// <summary>Finds the repository root and the shared fixtures folder that sits beside it.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>../shared beside the repository; may not exist on a user's machine.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string HhRlhf => Path.Combine(Shared, "data", "hh-rlhf", "harmless-base-test.jsonl.gz");

    /// <summary>The llama2.c reference checkpoints, copied into the repo's test data.</summary>
    public static string Llama2c(string file) => Path.Combine(RepoRoot, "tests", "fixtures", "llama2c", file);

    /// <summary>A fresh empty directory under the system temp folder.</summary>
    public static string NewTempDir(string prefix = "oaif-test")
    {
        var dir = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "oaif.slnx"))) dir = dir.Parent;
        return dir?.FullName
            ?? throw new InvalidOperationException("oaif.slnx not found above the test binaries");
    }
}

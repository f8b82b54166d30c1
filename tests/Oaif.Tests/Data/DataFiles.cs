using System.IO.Compression;
using System.Text;
using Oaif.Tests.Support;

namespace Oaif.Tests.Data;

/// <summary>Writes small dataset files for tests.</summary>
public static class DataFiles
{
    public static string Jsonl(params string[] lines) => Write(".jsonl", string.Join("\n", lines) + "\n");

    public static string Write(string extension, string content) =>
        WriteBytes(extension, Encoding.UTF8.GetBytes(content));

    public static string WriteBytes(string extension, byte[] content)
    {
        string path = Path.Combine(TestPaths.NewTempDir("data"), "set" + extension);
        File.WriteAllBytes(path, content);
        return path;
    }

    public static byte[] Gzip(string content)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Fastest))
            gz.Write(Encoding.UTF8.GetBytes(content));
        return buffer.ToArray();
    }
}

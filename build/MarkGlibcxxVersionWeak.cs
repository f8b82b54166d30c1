// MSBuild inline task: see TorchSharpNativeFix.targets for why this exists.
#nullable enable
using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class MarkGlibcxxVersionWeak : Task
{
    const string MissingVersion = "GLIBCXX_3.4.32";
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlagWeak = 0x2;

    [Required]
    public string Directory { get; set; } = "";

    public override bool Execute()
    {
        if (!System.IO.Directory.Exists(Directory)) return true;
        var targets = System.IO.Directory.GetFiles(
            Directory, "libLibTorchSharp.so", SearchOption.AllDirectories);
        if (targets.Length == 0) return true;
        string? systemLib = FindSystemLibStdCxx();
        if (systemLib == null)
        {
            Log.LogMessage(MessageImportance.Normal,
                "oaif: no system libstdc++.so.6 found; TorchSharp left as is");
            return true;
        }
        if (ContainsBytes(File.ReadAllBytes(systemLib), Encoding.ASCII.GetBytes(MissingVersion + "\0")))
        {
            Log.LogMessage(MessageImportance.Low,
                $"oaif: {systemLib} provides {MissingVersion}; no patch needed");
            return true;
        }
        foreach (var path in targets)
        {
            try
            {
                string outcome = Patch(path);
                Log.LogMessage(MessageImportance.High, $"oaif: {path}: {outcome}");
            }
            catch (Exception e)
            {
                Log.LogError($"oaif: could not patch {path}: {e.Message}");
                return false;
            }
        }
        return true;
    }

    static string? FindSystemLibStdCxx()
    {
        string[] candidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6",
            "/usr/lib/libstdc++.so.6",
        };
        return candidates.FirstOrDefault(File.Exists);
    }

    static bool ContainsBytes(byte[] haystack, byte[] needle)
    {
        // netstandard2.0 (what inline tasks compile against) has no span search; a plain scan is fine.
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int k = 0;
            while (k < needle.Length && haystack[i + k] == needle[k]) k++;
            if (k == needle.Length) return true;
        }
        return false;
    }

    // Walks the ELF64 little-endian section table to .gnu.version_r and sets VER_FLG_WEAK on the
    // auxiliary entry that names the missing version. Returns what it did.
    static string Patch(string path)
    {
        byte[] elf = File.ReadAllBytes(path);
        bool magic = elf.Length >= 64 && elf[0] == 0x7f && elf[1] == (byte)'E' && elf[2] == (byte)'L'
                     && elf[3] == (byte)'F';
        if (!magic)
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException("not a 64-bit little-endian ELF file");

        ulong sectionTable = BitConverter.ToUInt64(elf, 0x28);
        int sectionSize = BitConverter.ToUInt16(elf, 0x3A);
        int sectionCount = BitConverter.ToUInt16(elf, 0x3C);
        for (int i = 0; i < sectionCount; i++)
        {
            int header = checked((int)sectionTable + i * sectionSize);
            if (BitConverter.ToUInt32(elf, header + 4) != ShtGnuVerneed) continue;
            int offset = checked((int)BitConverter.ToUInt64(elf, header + 0x18));
            int link = (int)BitConverter.ToUInt32(elf, header + 0x28);
            int strtabHeader = checked((int)sectionTable + link * sectionSize);
            int strtab = checked((int)BitConverter.ToUInt64(elf, strtabHeader + 0x18));
            return PatchVerneed(elf, path, offset, strtab);
        }
        throw new InvalidDataException("no .gnu.version_r section");
    }

    static string PatchVerneed(byte[] elf, string path, int verneed, int strtab)
    {
        while (true)
        {
            int count = BitConverter.ToUInt16(elf, verneed + 2);
            int aux = verneed + (int)BitConverter.ToUInt32(elf, verneed + 8);
            for (int j = 0; j < count; j++)
            {
                int flagsAt = aux + 4;
                string name = ReadString(elf, strtab + (int)BitConverter.ToUInt32(elf, aux + 8));
                if (name == MissingVersion)
                {
                    ushort flags = BitConverter.ToUInt16(elf, flagsAt);
                    if ((flags & VerFlagWeak) != 0) return $"{MissingVersion} already weak";
                    BitConverter.GetBytes((ushort)(flags | VerFlagWeak)).CopyTo(elf, flagsAt);
                    string temp = path + ".oaif-tmp";
                    File.WriteAllBytes(temp, elf);
                    File.Copy(temp, path, overwrite: true);
                    File.Delete(temp);
                    return $"marked {MissingVersion} weak";
                }
                uint nextAux = BitConverter.ToUInt32(elf, aux + 12);
                if (nextAux == 0) break;
                aux += (int)nextAux;
            }
            uint next = BitConverter.ToUInt32(elf, verneed + 12);
            if (next == 0) return $"does not need {MissingVersion}";
            verneed += (int)next;
        }
    }

    static string ReadString(byte[] data, int at)
    {
        int end = Array.IndexOf(data, (byte)0, at);
        return Encoding.ASCII.GetString(data, at, end - at);
    }
}

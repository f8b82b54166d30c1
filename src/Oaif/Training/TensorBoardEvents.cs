namespace Oaif.Training;

/// <summary>
/// Reads and trims TensorBoard event files (TFRecord framing around Event protocol buffers), so a resumed
/// run's events show every step once, like its metrics.jsonl. Only the framing and the Event's step field
/// (field 2, a varint) are read; every kept record is copied byte for byte, checksums included.
/// </summary>
public static class TensorBoardEvents
{
    // TFRecord: u64 length, u32 masked CRC of the length, the data, u32 masked CRC of the data.
    const int HeaderBytes = 12, FooterBytes = 4;

    /// <summary>
    /// In every event file of <paramref name="directory"/>, drops the events with a step past
    /// <paramref name="lastStep"/> and a torn record at the end (a write cut short by a kill). Rewrites via
    /// a temp file and rename.
    /// </summary>
    public static void TruncateAfter(string directory, long lastStep)
    {
        if (!Directory.Exists(directory)) return;
        foreach (var path in Directory.GetFiles(directory, "*tfevents*"))
        {
            if (path.EndsWith(".tmp", StringComparison.Ordinal)) continue;
            var bytes = File.ReadAllBytes(path);
            var kept = new MemoryStream(bytes.Length);
            foreach (var (offset, length, step) in Records(bytes))
                if (step is null || step <= lastStep) kept.Write(bytes, offset, length);
            if (kept.Length == bytes.Length) continue;
            string temp = path + ".tmp";
            File.WriteAllBytes(temp, kept.ToArray());
            File.Move(temp, path, overwrite: true);
        }
    }

    /// <summary>The step of every whole record in an event file (null for records without one).</summary>
    public static IReadOnlyList<long?> ReadSteps(string path) =>
        Records(File.ReadAllBytes(path)).Select(r => r.Step).ToList();

    static IEnumerable<(int Offset, int Length, long? Step)> Records(byte[] bytes)
    {
        int offset = 0;
        while (offset + HeaderBytes <= bytes.Length)
        {
            ulong dataLength = BitConverter.ToUInt64(bytes, offset);
            long room = (long)bytes.Length - offset - HeaderBytes - FooterBytes;
            if (room < 0 || dataLength > (ulong)room) yield break;
            int length = HeaderBytes + (int)dataLength + FooterBytes;
            yield return (offset, length, StepOf(bytes.AsSpan(offset + HeaderBytes, (int)dataLength)));
            offset += length;
        }
    }

    // Walks the Event message's top-level fields; returns field 2 (step) if present.
    static long? StepOf(ReadOnlySpan<byte> message)
    {
        int i = 0;
        while (i < message.Length)
        {
            ulong tag = ReadVarint(message, ref i);
            int field = (int)(tag >> 3), wireType = (int)(tag & 7);
            switch (wireType)
            {
                case 0:
                    ulong value = ReadVarint(message, ref i);
                    if (field == 2) return (long)value;
                    break;
                case 1: i += 8; break;
                case 2: i += (int)ReadVarint(message, ref i); break;
                case 5: i += 4; break;
                default: return null; // groups are not used by Event; give up on anything odd
            }
        }
        return null;
    }

    static ulong ReadVarint(ReadOnlySpan<byte> data, ref int i)
    {
        ulong result = 0;
        for (int shift = 0; i < data.Length && shift < 64; shift += 7)
        {
            byte b = data[i++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) break;
        }
        return result;
    }
}

using static TorchSharp.torch;

namespace Oaif.Training;

/// <summary>
/// Rows of prompt+response ids packed into int64 [B, T] with an attention mask (1 = real token) and a
/// response mask (1 = response token, the positions that are scored).
/// </summary>
internal sealed record PaddedBatch(
    Tensor InputIds, Tensor AttentionMask, Tensor ResponseMask, bool HasPadding)
{
    /// <summary>Packs the rows; the caller owns the returned tensors.</summary>
    public static PaddedBatch Build(
        IReadOnlyList<(long[] Prompt, long[] Response)> rows, PaddingSide padding, long padId)
    {
        if (rows.Count == 0) throw new ArgumentException("no rows to score", nameof(rows));
        int width = rows.Max(r => r.Prompt.Length + r.Response.Length);
        var ids = new long[rows.Count * width];
        var attention = new long[rows.Count * width];
        var response = new long[rows.Count * width];
        bool padded = false;
        for (int b = 0; b < rows.Count; b++)
        {
            var (prompt, resp) = rows[b];
            if (resp.Length == 0 || prompt.Length + resp.Length < 2)
                throw new OaifException($"log-probs: row {b} has no response token to score");
            int length = prompt.Length + resp.Length;
            padded |= length < width;
            int start = b * width + (padding == PaddingSide.Left ? width - length : 0);
            Array.Fill(ids, padId, b * width, width);
            prompt.CopyTo(ids, start);
            resp.CopyTo(ids, start + prompt.Length);
            Array.Fill(attention, 1L, start, length);
            // A row's first token has no context (left padding would put a pad there), so never score it.
            int scored = Math.Max(prompt.Length, 1);
            Array.Fill(response, 1L, start + scored, length - scored);
        }
        long[] shape = [rows.Count, width];
        return new PaddedBatch(tensor(ids, shape), tensor(attention, shape), tensor(response, shape), padded);
    }
}

using static TorchSharp.torch;

namespace Oaif.Model;

/// <summary>
/// Rotary position embedding in the Hugging Face "halves" layout: dimension i of a head is rotated
/// together with dimension i + head_dim/2 (rotate_half), with frequency theta^(-2i/head_dim).
/// llama2.c pairs adjacent dimensions instead; its checkpoints are permuted at load time to match.
/// </summary>
public sealed class RotaryEmbedding
{
    readonly float[] inverseFrequencies; // [head_dim/2]

    public RotaryEmbedding(int headDim, double theta)
    {
        // Computed in float32 like llama2.c's run.c, so angles agree to float rounding.
        inverseFrequencies = new float[headDim / 2];
        for (int i = 0; i < headDim / 2; i++)
            inverseFrequencies[i] = 1.0f / MathF.Pow((float)theta, 2 * i / (float)headDim);
    }

    /// <summary>Rotation tables for integer <paramref name="positions"/> [B, T], each [B, 1, T, head_dim]
    /// in <paramref name="dtype"/>, ready to broadcast over heads. The sin table carries the sign of
    /// rotate_half: negative on the first half, positive on the second.</summary>
    public (Tensor Cos, Tensor SignedSin) Tables(Tensor positions, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var frequencies = tensor(inverseFrequencies, device: positions.device);
        var angles = positions.to(ScalarType.Float32).unsqueeze(-1) * frequencies; // [B, T, hd/2]
        var cos = angles.cos();
        var sin = angles.sin();
        var cosTable = cat([cos, cos], -1).unsqueeze(1).to(dtype);                  // [B, 1, T, hd]
        var signedSin = cat([-sin, sin], -1).unsqueeze(1).to(dtype);                // [B, 1, T, hd]
        return (cosTable.MoveToOuterDisposeScope(), signedSin.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Rotates <paramref name="x"/> [B, H, T, hd]: x * cos + rotate_half(x) * sin, where
    /// rotate_half(x) = [-x2, x1]. Rolling x by half a head gives [x2, x1]; the signed sin table
    /// supplies the minus, so the whole rotation is three kernels.
    /// </summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor signedSin)
    {
        var swapped = x.roll(x.size(-1) / 2, -1);
        return (x * cos).addcmul_(swapped, signedSin, 1);
    }
}

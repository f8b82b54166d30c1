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

    /// <summary>cos and sin tables for integer <paramref name="positions"/> [B, T], each [B, 1, T, head_dim]
    /// in <paramref name="dtype"/>, ready to broadcast over heads.</summary>
    public (Tensor Cos, Tensor Sin) Tables(Tensor positions, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var frequencies = tensor(inverseFrequencies, device: positions.device);
        var angles = positions.to(ScalarType.Float32).unsqueeze(-1) * frequencies; // [B, T, hd/2]
        var both = cat([angles, angles], -1).unsqueeze(1);                               // [B, 1, T, hd]
        var cos = both.cos().to(dtype).MoveToOuterDisposeScope();
        var sin = both.sin().to(dtype).MoveToOuterDisposeScope();
        return (cos, sin);
    }

    /// <summary>Rotates <paramref name="x"/> [B, H, T, hd] by the tables from <see cref="Tables"/>.</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        var half = x.size(-1) / 2;
        var first = x.narrow(-1, 0, half);
        var second = x.narrow(-1, half, half);
        var rotated = cat([-second, first], -1);
        return (x * cos + rotated * sin).MoveToOuterDisposeScope();
    }
}

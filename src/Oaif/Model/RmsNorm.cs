using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Oaif.Model;

/// <summary>
/// Root-mean-square layer norm: x / sqrt(mean(x²) + eps) * weight. Statistics are taken in float32
/// even for bfloat16 activations, as Hugging Face's LlamaRMSNorm does.
/// </summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    /// <summary>Per-channel gain, HF key <c>weight</c>.</summary>
    public Parameter weight; // [C]

    readonly double eps;

    public RmsNorm(int size, double eps, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base(nameof(RmsNorm))
    {
        this.eps = eps;
        weight = nn.Parameter(ones(size, dtype: dtype, device: device));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // x: [..., C]
    {
        using var scope = NewDisposeScope();
        bool isFloat32 = x.dtype == ScalarType.Float32; // skipping no-op casts matters when decoding
        var x32 = isFloat32 ? x : x.to(ScalarType.Float32);
        var normed = x32 * x32.square().mean([-1], keepdim: true).add_(eps).rsqrt_();
        return (weight * (isFloat32 ? normed : normed.to(x.dtype))).MoveToOuterDisposeScope();
    }
}

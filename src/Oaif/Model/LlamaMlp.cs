using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Oaif.Model;

/// <summary>SwiGLU feed-forward block: down(silu(gate(x)) * up(x)). HF keys gate_proj, up_proj,
/// down_proj.</summary>
public sealed class LlamaMlp : nn.Module<Tensor, Tensor>
{
    public Linear gate_proj; // [I, C]
    public Linear up_proj;   // [I, C]
    public Linear down_proj; // [C, I]

    public LlamaMlp(LlamaConfig config, Device? device, ScalarType dtype) : base(nameof(LlamaMlp))
    {
        int c = config.HiddenSize, i = config.IntermediateSize;
        gate_proj = nn.Linear(c, i, hasBias: false, device: device, dtype: dtype);
        up_proj = nn.Linear(c, i, hasBias: false, device: device, dtype: dtype);
        down_proj = nn.Linear(i, c, hasBias: false, device: device, dtype: dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // x: [B, T, C]
    {
        using var scope = NewDisposeScope();
        var hidden = nn.functional.silu(gate_proj.forward(x)) * up_proj.forward(x); // [B, T, I]
        return down_proj.forward(hidden).MoveToOuterDisposeScope();
    }
}

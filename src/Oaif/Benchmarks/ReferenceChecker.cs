using Oaif.Model;
using Oaif.Training;
using static TorchSharp.torch;

namespace Oaif.Benchmarks;

/// <summary>
/// Checks that a frozen reference shares no tensor storage with the policy (compared by the address
/// of each parameter's storage) and that the optimizer holds exactly the policy's parameters, so the
/// reference adds no optimizer state.
/// </summary>
public static class ReferenceChecker
{
    /// <summary>Compares <paramref name="reference"/> with <paramref name="policy"/> and optimizer.</summary>
    public static ReferenceCheck Check(ICausalLanguageModel policy, ReferenceModel reference,
        ParameterUpdater optimizer)
    {
        using var scope = NewDisposeScope();
        var policyStorages = policy.Module.parameters().Select(StorageAddress).ToHashSet();
        var referenceParameters = reference.Model.Module.parameters().ToList();
        int shared = referenceParameters.Count(p => policyStorages.Contains(StorageAddress(p)));
        long policyElements = policy.Module.parameters().Sum(p => p.numel());
        long referenceElements = referenceParameters.Sum(p => p.numel());
        long optimizerElements = optimizer.Parameters.Sum(p => p.numel());
        var referenceStorages = referenceParameters.Select(StorageAddress).ToHashSet();
        bool optimizerTouchesReference =
            optimizer.Parameters.Any(p => referenceStorages.Contains(StorageAddress(p)));
        bool frozen = referenceParameters.All(p => !p.requires_grad);
        bool ok = shared == 0 && !optimizerTouchesReference && frozen && optimizerElements == policyElements;
        return new ReferenceCheck(shared, policyElements, referenceElements, optimizerElements, frozen, ok);
    }

    /// <summary>Where the tensor's storage starts: equal for views of one buffer, else distinct.</summary>
    static IntPtr StorageAddress(Tensor t) => t.dtype switch
    {
        ScalarType.Float32 => t.storage<float>().data_ptr(),
        ScalarType.Float64 => t.storage<double>().data_ptr(),
        // storage<T>() converts other dtypes first, which would copy and hide sharing.
        _ => throw new OaifException($"reference check: parameters of dtype {t.dtype} are not supported " +
            "(float32 and float64 are)"),
    };
}

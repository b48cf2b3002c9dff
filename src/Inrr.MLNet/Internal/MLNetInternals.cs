using System.Reflection;
using Inrr.MLNet.Persistence;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Transforms;

namespace Inrr.MLNet.Internal;

/// <summary>
/// The four things of ML.NET 5 that an extension outside Microsoft's assemblies needs and cannot reach publicly,
/// read by reflection in one place: the host a <c>CustomMapping</c> transformer runs under (its channels reach
/// <c>MLContext.Log</c>), the mapping object behind a loaded <c>CustomMapping</c> (ML.NET creates it from our factory
/// and keeps it to itself), the host's cancellation flag (<c>ICancelable.IsCanceled</c>, what
/// <c>MLContext.CancelExecution</c> sets; that method is internal in ML.NET 5.0.1, AutoML calls it) and the
/// MLContext's GPU settings as a host carries them.
/// </summary>
/// <remarks>
/// Every lookup degrades to "not available" (null / false) instead of throwing when a future ML.NET renames a
/// member: completion keeps working, only logging or host cancellation would be lost, and
/// <c>MonitorTests</c> fails loudly in that case.
/// </remarks>
internal static class MLNetInternals
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    private static readonly PropertyInfo? IsCanceledProperty =
        typeof(IHostEnvironment).Assembly.GetType("Microsoft.ML.Runtime.ICancelable")?.GetProperty("IsCanceled");

    /// <summary>Whether <paramref name="host"/> (or the environment above it) was told to stop.</summary>
    public static bool IsCancelled(IHostEnvironment? host) =>
        host is not null && IsCanceledProperty is not null && IsCanceledProperty.DeclaringType!.IsInstanceOfType(host) &&
        IsCanceledProperty.GetValue(host) is true;

    private static readonly Type? HostEnvironmentInternal =
        typeof(IHostEnvironment).Assembly.GetType("Microsoft.ML.Runtime.IHostEnvironmentInternal");

    /// <summary>
    /// <c>MLContext.GpuDeviceId</c> and <c>MLContext.FallbackToCpu</c> as the host sees them (every host registered from an
    /// MLContext copies them; the interface that carries them is internal); (null, true) when not available.
    /// </summary>
    public static (int? GpuDeviceId, bool FallbackToCpu) GpuSettings(IHostEnvironment? host)
    {
        if (host is null || HostEnvironmentInternal is null || !HostEnvironmentInternal.IsInstanceOfType(host)) return (null, true);
        var gpu = HostEnvironmentInternal.GetProperty("GpuDeviceId")?.GetValue(host) as int?;
        var fallback = HostEnvironmentInternal.GetProperty("FallbackToCpu")?.GetValue(host) as bool? ?? true;
        return (gpu, fallback);
    }

    /// <summary>The image-completion mappings in a model (fitted here or loaded), each with the host it runs under.</summary>
    public static IEnumerable<(ImageCompletionMapping Mapping, IHostEnvironment? Host)> CompletionMappings(ITransformer model)
    {
        switch (model)
        {
            case ImageCompletionTransformer completion:
                yield return (completion.Mapping, completion.Mapping.Host);
                break;
            case CustomMappingTransformer<PixelsAndMaskRow, CompletionRow> custom when MappingOf(custom) is { } mapping:
                yield return (mapping, HostOf(custom));
                break;
            case IEnumerable<ITransformer> chain:
                foreach (var part in chain)
                    foreach (var found in CompletionMappings(part))
                        yield return found;
                break;
        }
    }

    /// <summary>The host of a <c>CustomMapping</c> transformer (created from the MLContext that made or loaded it).</summary>
    public static IHostEnvironment? HostOf<TSrc, TDst>(CustomMappingTransformer<TSrc, TDst> transformer)
        where TSrc : class, new() where TDst : class, new() =>
        typeof(CustomMappingTransformer<TSrc, TDst>).GetFields(Instance)
            .FirstOrDefault(f => typeof(IHostEnvironment).IsAssignableFrom(f.FieldType))?.GetValue(transformer) as IHostEnvironment;

    private static ImageCompletionMapping? MappingOf(CustomMappingTransformer<PixelsAndMaskRow, CompletionRow> transformer) =>
        typeof(CustomMappingTransformer<PixelsAndMaskRow, CompletionRow>).GetFields(Instance)
            .Where(f => f.FieldType == typeof(Action<PixelsAndMaskRow, CompletionRow>))
            .Select(f => (f.GetValue(transformer) as Delegate)?.Target as ImageCompletionMapping)
            .FirstOrDefault(m => m is not null);

    /// <summary>The host of the completion mapping in a freshly fitted chain (see <see cref="PersistentMapping"/>).</summary>
    public static IHostEnvironment? CompletionHostOf(TransformerChain<ITransformer> chain) =>
        chain.OfType<CustomMappingTransformer<PixelsAndMaskRow, CompletionRow>>().Select(HostOf).FirstOrDefault(h => h is not null);
}

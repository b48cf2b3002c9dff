namespace Inrr.Torch.Tests;

/// <summary>Reports on the fitting thread (<see cref="Progress{T}"/> would post to the thread pool, where a throw is lost and reports arrive late).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

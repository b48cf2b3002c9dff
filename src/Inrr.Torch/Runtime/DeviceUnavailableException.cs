using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Inrr.Torch.Runtime;

/// <summary>A device that is spelt right but that this process cannot use (no CUDA, no GPU with that index).</summary>
public sealed class DeviceUnavailableException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="device"/>, asked for by <paramref name="argumentName"/>, with why it cannot be used.</summary>
    public DeviceUnavailableException(string device, string argumentName, string reason)
        : base($"{argumentName} '{device}': {reason}")
    {
        Device = device;
        Reason = reason;
    }

    /// <summary>The device name asked for.</summary>
    public string Device { get; }

    /// <summary>Why this process cannot use it.</summary>
    public string Reason { get; }
}

using System.Text.Json.Serialization;
using static TorchSharp.torch;

namespace Inrr.Torch.Representations;

/// <summary>What maps a coordinate network's last linear layer to pixel values.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OutputActivation>))]
public enum OutputActivation
{
    /// <summary>None: the linear output as it is.</summary>
    Identity,

    /// <summary>The logistic sigmoid, keeping values in (0, 1) like the pixels (the paper's choice).</summary>
    Sigmoid,
}

internal static class OutputActivationExtensions
{
    public static Tensor Apply(this OutputActivation activation, Tensor x) => activation switch
    {
        OutputActivation.Sigmoid => x.sigmoid(),
        _ => x,
    };
}

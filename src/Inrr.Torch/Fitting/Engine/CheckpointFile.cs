using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using static TorchSharp.torch;

namespace Inrr.Torch.Fitting;

/// <summary>
/// A checkpoint on disk: a header naming the fit it belongs to (a hash of its options, task and inputs), the
/// <see cref="CheckpointState"/> as JSON and the state's tensors by name, as float64 (exact for float32 and float64
/// weights, whatever the device). Written through <see cref="DurableFile"/>, so a kill mid-write leaves the last one.
/// </summary>
internal static class CheckpointFile
{
    private const string Magic = "INRR-FIT-CHECKPOINT";
    private const int Version = 2; // 2: identified by the options' one JSON format (enums by name)

    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>What identifies a fit: its options (threads and memory limit aside: they change no number), the task and every input pixel.</summary>
    public static string Identity(CompletionOptions options, bool denoising, ImageData observed, Mask mask, ImageData? truth)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes((options with { Threads = 0, MemoryLimitBytes = 0 }).ToJson(indented: false)));
        hash.AppendData([denoising ? (byte)1 : (byte)0]);
        foreach (var values in new[] { observed.Pixels, mask.Values, truth?.Pixels ?? [] })
        {
            hash.AppendData(BitConverter.GetBytes(values.Length));
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    public static void Write(string path, string identity, CheckpointState state, IEnumerable<(string Name, Tensor Value)> tensors) =>
        DurableFile.Replace(path, temporary =>
        {
            using var writer = new BinaryWriter(File.Create(temporary));
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(identity);
            writer.Write(JsonSerializer.Serialize(state, Json));
            var list = tensors.ToList();
            writer.Write(list.Count);
            foreach (var (name, value) in list)
            {
                using var cpu = value.detach().cpu().to_type(ScalarType.Float64).contiguous();
                writer.Write(name);
                writer.Write(cpu.shape.Length);
                foreach (long d in cpu.shape) writer.Write(d);
                var data = cpu.data<double>().ToArray();
                writer.Write(data.Length);
                foreach (double v in data) writer.Write(v);
            }
        });

    /// <summary>Reads a checkpoint; without <paramref name="withTensors"/> only its header and state (the tensors are left unread).</summary>
    public static (string Identity, CheckpointState State, Dictionary<string, (long[] Shape, double[] Data)> Tensors) Read(string path, bool withTensors = true)
    {
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadString() != Magic) throw new InvalidDataException($"{path} is not an Inrr.NET fit checkpoint.");
            int version = reader.ReadInt32();
            if (version != Version) throw new InvalidDataException($"{path} is a version {version} checkpoint; this Inrr.NET reads version {Version}.");
            string identity = reader.ReadString();
            var state = JsonSerializer.Deserialize<CheckpointState>(reader.ReadString(), Json)
                ?? throw new InvalidDataException($"{path} holds no fit state.");
            var tensors = new Dictionary<string, (long[], double[])>();
            int count = withTensors ? reader.ReadInt32() : 0;
            for (int t = 0; t < count; t++)
            {
                string name = reader.ReadString();
                var shape = new long[reader.ReadInt32()];
                for (int d = 0; d < shape.Length; d++) shape[d] = reader.ReadInt64();
                var data = new double[reader.ReadInt32()];
                for (int i = 0; i < data.Length; i++) data[i] = reader.ReadDouble();
                tensors[name] = (shape, data);
            }
            return (identity, state, tensors);
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or IOException and not FileNotFoundException)
        {
            throw new InvalidDataException($"The checkpoint {path} is damaged ({e.Message}); delete it to start the fit over.", e);
        }
    }
}

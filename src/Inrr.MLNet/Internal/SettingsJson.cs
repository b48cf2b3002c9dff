using System.Text.Json;
using System.Text.Json.Serialization;

namespace Inrr.MLNet.Internal;

/// <summary>
/// The JSON form of the settings each transform stores in a saved model (see <see cref="PersistentMapping"/>).
/// Enums are written by name so a saved model stays readable and survives reordering of enum members.
/// </summary>
internal static class SettingsJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize<T>(T settings) => JsonSerializer.Serialize(settings, Options);

    /// <summary>Reads settings back; a damaged model gets an error that says which transform it belongs to.</summary>
    public static T Deserialize<T>(string json, string transformName)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)
                ?? throw new InvalidDataException($"The saved settings of the {transformName} transform are empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The saved settings of the {transformName} transform cannot be read: {e.Message}", e);
        }
    }
}

/// <summary>
/// Parses the settings column once per distinct value. Every row of one transform carries the same settings
/// string, so the parsed form is kept and reused; the check is a string comparison.
/// </summary>
internal sealed class SettingsCache<T> where T : class
{
    private readonly string _transformName;
    private volatile Entry? _last;

    public SettingsCache(string transformName) => _transformName = transformName;

    public T Get(string? json)
    {
        if (string.IsNullOrEmpty(json))
            throw new InvalidDataException($"The {_transformName} transform received no settings: its settings column is empty.");
        var last = _last;
        if (last is not null && string.Equals(last.Json, json, StringComparison.Ordinal)) return last.Settings;
        var parsed = SettingsJson.Deserialize<T>(json, _transformName);
        _last = new Entry(json, parsed);
        return parsed;
    }

    private sealed record Entry(string Json, T Settings);
}

using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Spectre.Console.Cli;

namespace Inrr.Cli.Output;

/// <summary>
/// Renders a command's effective settings back into a command line with every option spelled out, defaults
/// included. Reports print it at the top, so a run can be repeated exactly even after the tool's defaults
/// change. The option names are read from the settings' own attributes, so they cannot drift from the parser.
/// </summary>
internal static partial class CommandLine
{
    /// <summary>The program name as installed (<c>dotnet tool install</c>) and as the README runs it.</summary>
    public const string ToolName = "inrr";

    /// <summary>The arguments (without the program name) that reproduce <paramref name="settings"/> for <paramref name="command"/>.</summary>
    public static IReadOnlyList<string> Arguments(string command, CommandSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var properties = settings.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var arguments = new List<string> { command };
        foreach (var (property, attribute) in properties
                     .Select(p => (Property: p, Attribute: p.GetCustomAttribute<CommandArgumentAttribute>()))
                     .Where(x => x.Attribute is not null)
                     .OrderBy(x => x.Attribute!.Position))
        {
            if (Format(property.GetValue(settings)) is { } value) arguments.Add(value);
        }
        foreach (var property in properties)
        {
            var option = property.GetCustomAttribute<CommandOptionAttribute>();
            if (option is null) continue;
            string name = "--" + option.LongNames[0];
            object? value = property.GetValue(settings);
            if (value is bool flag)
            {
                if (flag) arguments.Add(name);
            }
            else if (Format(value) is { } text)
            {
                arguments.Add(name);
                arguments.Add(text);
            }
        }
        return arguments;
    }

    /// <summary>The full command line, quoted for a POSIX shell.</summary>
    public static string Format(string command, CommandSettings settings) =>
        string.Join(' ', new[] { ToolName }.Concat(Arguments(command, settings).Select(Quote)));

    /// <summary>Quotes an argument for a POSIX shell when it holds anything but plainly safe characters.</summary>
    public static string Quote(string argument) =>
        argument.Length > 0 && SafeArgument().IsMatch(argument) ? argument : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string? Format(object? value) => value switch
    {
        null => null,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    [GeneratedRegex(@"^[A-Za-z0-9_./:,=+@%-]+$")]
    private static partial Regex SafeArgument();
}

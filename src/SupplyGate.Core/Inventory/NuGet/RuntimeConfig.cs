using System.Text.Json;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>
/// A <c>*.runtimeconfig.json</c>: the shared frameworks a framework-dependent app runs on
/// (<c>runtimeOptions.framework</c> / <c>frameworks</c>) or, self-contained, the ones it carries
/// (<c>runtimeOptions.includedFrameworks</c>). Format: dotnet/runtime docs/design/features/host-runtime-information.md.
/// </summary>
internal sealed record RuntimeConfig(
    string Path,
    IReadOnlyList<RuntimeFramework> Frameworks,
    IReadOnlyList<RuntimeFramework> IncludedFrameworks)
{
    /// <summary><c>runtimeOptions.rollForward</c> as written, or null (the host's default, <c>Minor</c>).</summary>
    public string? RollForward { get; init; }
}

/// <summary>A framework reference: name and version (a minimum for <c>framework(s)</c>; exact when included).</summary>
internal sealed record RuntimeFramework(string Name, string Version);

/// <summary>Parses runtimeconfig.json text. Pure; no file access.</summary>
internal static class RuntimeConfigParser
{
    private const string Kind = "runtime config file";

    public static RuntimeConfig Parse(string json, string path)
    {
        using JsonDocument doc = JsonInput.Parse(json, path, DiagnosticCode.RuntimeConfigInvalid, Kind);
        return Parse(doc, path);
    }

    /// <summary>Parses the file's UTF-8 bytes as read (see <see cref="JsonInput.Parse(ReadOnlyMemory{byte}, string, string, string)"/>).</summary>
    public static RuntimeConfig Parse(ReadOnlyMemory<byte> utf8, string path)
    {
        using JsonDocument doc = JsonInput.Parse(utf8, path, DiagnosticCode.RuntimeConfigInvalid, Kind);
        return Parse(doc, path);
    }

    private static RuntimeConfig Parse(JsonDocument doc, string path)
    {
        JsonElement options = JsonInput.Object(doc.RootElement, "runtimeOptions")
            ?? throw JsonInput.Invalid(DiagnosticCode.RuntimeConfigInvalid, Kind, path, "there is no 'runtimeOptions' object");

        var frameworks = new List<RuntimeFramework>();
        if (JsonInput.Object(options, "framework") is { } single && Read(single) is { } one)
        {
            frameworks.Add(one);
        }

        frameworks.AddRange(Array(options, "frameworks"));
        return new RuntimeConfig(path, frameworks, Array(options, "includedFrameworks"))
        {
            RollForward = JsonInput.String(options, "rollForward") is { Length: > 0 } rollForward ? rollForward : null,
        };
    }

    private static List<RuntimeFramework> Array(JsonElement options, string name) =>
        options.TryGetProperty(name, out JsonElement array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(Read).OfType<RuntimeFramework>().ToList()
            : [];

    private static RuntimeFramework? Read(JsonElement element) =>
        JsonInput.String(element, "name") is { Length: > 0 } name && JsonInput.String(element, "version") is { Length: > 0 } version
            ? new RuntimeFramework(name, version)
            : null;
}

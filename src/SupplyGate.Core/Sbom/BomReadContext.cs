using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Sbom;

/// <summary>The document being read, so any reader step can raise an error that names file, member and line.</summary>
internal sealed class BomReadContext(string sourceName, ReadOnlyMemory<byte> utf8, int maxDepth)
{
    public string SourceName { get; } = sourceName;

    /// <summary>"&lt;source&gt;: &lt;path&gt;: &lt;what&gt; (line N, byte M)", code SG1009.</summary>
    public InvalidInputException Error(JsonPath path, string what)
    {
        (long line, long column) = JsonSourceLocator.Locate(utf8.Span, path, maxDepth);
        string where = path.Steps().Count == 0 ? string.Empty : $"{path}: ";
        return Error($"{where}{what}", line, column);
    }

    public InvalidInputException Error(string what, long line, long column) =>
        new(DiagnosticCode.BomInvalid, $"{SourceName}: {what} (line {line}, byte {column})", SourceName);
}

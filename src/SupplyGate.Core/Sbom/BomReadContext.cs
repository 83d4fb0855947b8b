using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Sbom;

/// <summary>The document being read, so any reader step can raise an error that names file, member and line.</summary>
internal sealed class BomReadContext(string sourceName, ReadOnlyMemory<byte> utf8, int maxDepth)
{
    private readonly HashSet<string> _bomRefs = new(StringComparer.Ordinal);

    public string SourceName { get; } = sourceName;

    /// <summary>
    /// Records a component's bom-ref; a second use is an error: bom-refs identify components in
    /// <c>dependencies</c> and VEX, so a duplicate makes the graph ambiguous (CycloneDX 1.6, <c>refType</c>:
    /// "Identifier for referable and therefore interlinkable elements", unique within the BOM).
    /// </summary>
    public void AddBomRef(string bomRef, JsonPath path)
    {
        if (!_bomRefs.Add(bomRef))
        {
            throw Error(path.Property("bom-ref"), $"duplicate bom-ref \"{(bomRef.Length > 200 ? bomRef[..200] + "…" : bomRef)}\": bom-refs must be unique within a BOM");
        }
    }

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

using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>
/// The file-system edge of the NuGet inventory: reads the input files and hands their bytes to the pure parsers,
/// turning a missing or unreadable file into the right diagnostic code.
/// </summary>
internal static class InventoryInputLoader
{
    public static AssetsFile LoadAssets(string path, CancellationToken cancellationToken)
    {
        byte[] utf8 = Read(
            path,
            DiagnosticCode.AssetsFileMissing,
            DiagnosticCode.AssetsFileInvalid,
            $"The project assets file '{path}' does not exist; run dotnet restore first.");
        return AssetsFileParser.Parse(utf8, path, cancellationToken);
    }

    public static DepsFile LoadDeps(string path, CancellationToken cancellationToken)
    {
        byte[] utf8 = Read(
            path,
            DiagnosticCode.DepsFileMissing,
            DiagnosticCode.DepsFileInvalid,
            $"The deps file '{path}' does not exist; publish the project first (no *.deps.json, no evidence of what ships).");
        return DepsFileParser.Parse(utf8, path, cancellationToken);
    }

    public static RuntimeConfig LoadRuntimeConfig(string path)
    {
        byte[] utf8 = Read(
            path,
            DiagnosticCode.InputNotFound,
            DiagnosticCode.RuntimeConfigInvalid,
            $"The runtime config file '{path}' does not exist.");
        return RuntimeConfigParser.Parse(utf8, path);
    }

    private static byte[] Read(string path, string missingCode, string unreadableCode, string missingMessage) =>
        // The shared reader: a regular file within the project-input limit. The parsers check the bytes as UTF-8 JSON
        // and parse them in place; decoding to a string first put two more copies of an assets file of some hundred
        // kilobytes on the large object heap, enough to bring on a full collection of the build (docs/performance.md).
        InputFile.ReadAllBytes(path, InputKind.Project, unreadableCode, missingCode, missingMessage);
}

using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>
/// The file-system edge of the NuGet inventory: reads the input files and hands their text to the pure parsers,
/// turning a missing or unreadable file into the right diagnostic code.
/// </summary>
internal static class InventoryInputLoader
{
    public static AssetsFile LoadAssets(string path, CancellationToken cancellationToken)
    {
        string text = Read(
            path,
            DiagnosticCode.AssetsFileMissing,
            DiagnosticCode.AssetsFileInvalid,
            $"The project assets file '{path}' does not exist; run dotnet restore first.");
        return AssetsFileParser.Parse(text, path, cancellationToken);
    }

    public static DepsFile LoadDeps(string path, CancellationToken cancellationToken)
    {
        string text = Read(
            path,
            DiagnosticCode.DepsFileMissing,
            DiagnosticCode.DepsFileInvalid,
            $"The deps file '{path}' does not exist; publish the project first (no *.deps.json, no evidence of what ships).");
        return DepsFileParser.Parse(text, path, cancellationToken);
    }

    public static RuntimeConfig LoadRuntimeConfig(string path)
    {
        string text = Read(
            path,
            DiagnosticCode.InputNotFound,
            DiagnosticCode.RuntimeConfigInvalid,
            $"The runtime config file '{path}' does not exist.");
        return RuntimeConfigParser.Parse(text, path);
    }

    private static string Read(string path, string missingCode, string unreadableCode, string missingMessage)
    {
        // The shared reader: a regular file within the project-input limit, checked as UTF-8 JSON text.
        ReadOnlyMemory<byte> utf8 = InputJson.ReadFile(path, InputKind.Project, unreadableCode, missingCode, missingMessage);
        return System.Text.Encoding.UTF8.GetString(utf8.Span);
    }
}

using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace SupplyGate.Core.Tests.Interop;

/// <summary>
/// Validates SARIF with the SARIF Multitool's <c>validate</c> (npm <c>@microsoft/sarif-multitool</c>, run by
/// tests/interop/validate-sarif.mjs): JSON schema plus the SARIF1xxx/SARIF2xxx rules, an implementation
/// independent of our writer. Like <see cref="CycloneDxSchemaValidator"/>, missing prerequisites make the
/// calling test fail, never pass or skip.
/// </summary>
public static class SarifValidator
{
    private const string Script = "tests/interop/validate-sarif.mjs";
    private const string Setup = "run `build/setup.sh` (needs Node.js 20+ on PATH)";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    /// <summary>What the multitool reported, by level; <see cref="Valid"/> = no errors.</summary>
    public sealed record Report(IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings, IReadOnlyList<string> Notes)
    {
        public bool Valid => Errors.Count == 0;

        public override string ToString() =>
            string.Join("\n", Errors.Select(e => "error " + e).Concat(Warnings.Select(w => "warning " + w)).Concat(Notes.Select(n => "note " + n)));
    }

    public static Report Validate(string file)
    {
        string root = CycloneDxSchemaValidator.FindRepositoryRoot();
        if (!Directory.Exists(Path.Combine(root, "tests", "interop", "node_modules", "@microsoft", "sarif-multitool")))
        {
            throw new InvalidOperationException($"tests/interop/node_modules/@microsoft/sarif-multitool is missing: {Setup}.");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(root, Script));
        start.ArgumentList.Add(Path.GetFullPath(file));

        using Process process = StartNode(start);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Script} did not finish within {Timeout.TotalSeconds} s.");
        }

        if (process.ExitCode is not (0 or 1))
        {
            // 2 = usage error or the multitool did not run: the log was never judged.
            throw new InvalidOperationException(
                $"{Script} failed with exit code {process.ExitCode} ({Setup} if modules are missing): {stdout.Result}{stderr.Result}");
        }

        using JsonDocument summary = JsonDocument.Parse(stdout.Result);
        return new Report(Lines(summary, "errors"), Lines(summary, "warnings"), Lines(summary, "notes"));
    }

    /// <summary>Validates UTF-8 SARIF via a temporary file.</summary>
    public static Report Validate(byte[] utf8)
    {
        string file = Path.Combine(Path.GetTempPath(), $"supplygate-sarif-{Path.GetRandomFileName()}.sarif");
        File.WriteAllBytes(file, utf8);
        try
        {
            return Validate(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string[] Lines(JsonDocument summary, string name) =>
        [.. summary.RootElement.GetProperty(name).EnumerateArray().Select(e => e.GetString() ?? "")];

    private static Process StartNode(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start)
                ?? throw new InvalidOperationException($"Could not start node: {Setup}.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"Node.js was not found ({ex.Message}): {Setup}.", ex);
        }
    }
}

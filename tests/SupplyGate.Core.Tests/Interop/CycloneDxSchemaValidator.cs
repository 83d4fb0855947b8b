using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace SupplyGate.Core.Tests.Interop;

/// <summary>
/// Validates CycloneDX JSON with the CycloneDX JavaScript library's strict schema validator
/// (tests/interop/validate-cyclonedx.mjs), i.e. an independent implementation rather than our own reading
/// of the schema. Missing prerequisites make the calling test fail, never pass or skip: a gate whose
/// interop check silently stops running is worse than none.
/// </summary>
public static class CycloneDxSchemaValidator
{
    private const string Script = "tests/interop/validate-cyclonedx.mjs";
    private const string Setup = "run `build/setup.sh` (needs Node.js 20+ on PATH)";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>Validates a file; returns whether it is schema-valid and what the validator printed.</summary>
    public static (bool Valid, string Output) Validate(string file, string specVersion = "1.6")
    {
        string root = FindRepositoryRoot();
        if (!Directory.Exists(Path.Combine(root, "tests", "interop", "node_modules", "@cyclonedx", "cyclonedx-library")))
        {
            throw new InvalidOperationException($"tests/interop/node_modules is missing: {Setup}.");
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
        start.ArgumentList.Add(specVersion);

        using Process process = StartNode(start);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Script} did not finish within {Timeout.TotalSeconds} s.");
        }

        string output = (stdout.Result + stderr.Result).Trim();
        return process.ExitCode switch
        {
            0 => (true, output),
            1 => (false, output),

            // 2 = usage or read error: the document was never judged, so neither answer would be honest.
            _ => throw new InvalidOperationException(
                $"{Script} failed with exit code {process.ExitCode} ({Setup} if modules are missing): {output}"),
        };
    }

    /// <summary>Validates UTF-8 JSON via a temporary file.</summary>
    public static (bool Valid, string Output) Validate(byte[] utf8, string specVersion = "1.6")
    {
        string file = Path.Combine(Path.GetTempPath(), $"supplygate-cdx-{Path.GetRandomFileName()}.json");
        File.WriteAllBytes(file, utf8);
        try
        {
            return Validate(file, specVersion);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// The folder holding SupplyGate.sln, found by walking up from the test binaries. Builds with
    /// <c>--artifacts-path</c> outside the repository put the binaries elsewhere, so the folders of this
    /// source file (as compiled) and the working directory are tried next.
    /// </summary>
    public static string FindRepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        string?[] starts = [AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile), Environment.CurrentDirectory];
        foreach (string? start in starts)
        {
            for (DirectoryInfo? dir = string.IsNullOrEmpty(start) ? null : new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SupplyGate.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"No SupplyGate.sln above {string.Join(", ", starts)}.");
    }

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

using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Attestations;

/// <summary>
/// Runs tests/interop/verify-bundle.mjs: @sigstore/verify with a custom trusted root, tlogThreshold 0,
/// ctlogThreshold 0, timestampThreshold 1 (docs/architecture.md spec 5). Missing node or modules fail the calling test with
/// the fix, never skip it.
/// </summary>
internal static class SigstoreJsVerifier
{
    private const string Setup = "run build/setup.sh (needs Node.js 20.17+ and npm on PATH)";

    /// <summary>True when sigstore-js verified the bundle (exit 0), false when it refused it (exit 1).</summary>
    public static (bool Verified, string Output) Verify(string bundle, string trustedRoot, string? subjectAlternativeName = null)
    {
        string interop = Path.Combine(RepositoryPaths.Root, "tests", "interop");
        if (!Directory.Exists(Path.Combine(interop, "node_modules", "@sigstore", "verify")))
        {
            throw new InvalidOperationException($"tests/interop/node_modules/@sigstore/verify is missing: {Setup}.");
        }

        var arguments = new List<string> { Path.Combine(interop, "verify-bundle.mjs"), bundle, trustedRoot };
        if (subjectAlternativeName is not null)
        {
            arguments.AddRange(["--san", subjectAlternativeName]);
        }

        ProcessResult result;
        try
        {
            result = ProcessRunner.Run("node", arguments, interop, timeout: TimeSpan.FromMinutes(2));
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"node is not on PATH: {Setup}.", ex);
        }

        return result.ExitCode switch
        {
            0 => (true, result.All),
            1 => (false, result.All),

            // 2 = usage or read error: the bundle was never judged, so neither answer would be honest.
            _ => throw new InvalidOperationException($"verify-bundle.mjs failed with exit code {result.ExitCode} ({Setup} if modules are missing): {result.All}"),
        };
    }
}

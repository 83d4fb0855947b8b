using SupplyGate.Cli.Hosting;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Attestations.Verification;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Gate;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Registry;
using SupplyGate.Core.Policy;

namespace SupplyGate.Cli.Commands;

/// <summary>
/// <c>verify</c> on an image index (docs/attestations.md "Multi-platform images"): the index's platform list and every
/// platform (or the one <c>--platform</c> names) are verified by <see cref="AttestedIndexCheck"/>; each refusal names
/// its platform; then each platform's attested SBOM is judged again.
/// </summary>
internal static partial class VerifyCommand
{
    private sealed record IndexInputs(
        PolicyDocument Policy,
        IRegistryClient Registry,
        ImageReference Image,
        ManifestResponse Index,
        TrustedRoot Trust,
        CertificateIdentityPolicy Identity);

    private static async Task<ExitCode> VerifyIndexAsync(CliContext context, VerifyOptions options, IndexInputs inputs, TextWriter narrative, CancellationToken cancellationToken)
    {
        AttestedIndex result = await AttestedIndexCheck.VerifyAsync(
            inputs.Registry,
            inputs.Image,
            inputs.Index,
            new IndexCheckRequest
            {
                Policy = digest => new BundleVerificationPolicy(inputs.Trust, inputs.Identity, digest.ToString()),
                RequiredTypes = options.Types,
                Platform = options.Platform,
                RequiredPlatforms = inputs.Policy.Image.Platforms,
            },
            context.Time,
            cancellationToken).ConfigureAwait(false);

        // A machine-readable report per platform on one stream would not parse: check before judging anything.
        if (result.Platforms.Count > 1 && options.Format != "table" && options.Output is null)
        {
            throw new InvalidInputException(
                DiagnosticCode.PlatformArgumentInvalid,
                $"{inputs.Image.Registry}/{inputs.Image.Repository}@{result.Digest} is an index of {result.Platforms.Count} platforms: --format {options.Format} writes one report per platform, so pass --output FILE (FILE.<os>-<arch>.<ext> each) or --platform");
        }

        narrative.WriteLine($"Index {result.Digest} ({string.Join(", ", result.Platforms.Select(p => p.Image.Platform))}{(options.Platform is null ? string.Empty : " selected by --platform")}):");
        WriteChecks(narrative, result.Index);
        foreach (AttestedPlatform platform in result.Platforms)
        {
            narrative.WriteLine($"Platform {platform.Image.Platform} ({platform.Image.Manifest.Digest}):");
            WriteChecks(narrative, platform.Attested);
        }

        if (!result.Verified)
        {
            foreach (PlatformProblem problem in result.Problems)
            {
                narrative.WriteLine($"VERIFICATION FAILED ({problem.Code}){(problem.Platform is null ? string.Empty : $" on {problem.Platform}")}: {problem.Message}");
            }

            return ExitCode.VerificationFailed;
        }

        return await ReevaluateAsync(
            context, options, inputs.Policy, result.Platforms.Select(p => ((string?)p.Image.Platform, p.Attested)).ToArray(), narrative, cancellationToken).ConfigureAwait(false);
    }

    private static void WriteChecks(TextWriter narrative, AttestedImage attested)
    {
        foreach (string problem in attested.Discovery.Problems)
        {
            narrative.WriteLine($"  unreadable: {problem}");
        }

        VerificationOutput.WriteChecks(narrative, attested.Verification, attested.Discovery);
    }

    /// <summary>Several platforms, one --output: <c>report.json</c> becomes <c>report.linux-arm64.json</c> and so on.</summary>
    private static string? PlatformOutput(string? output, string? platform, int count)
    {
        if (output is null || platform is null || count == 1)
        {
            return output;
        }

        string suffix = platform.Replace('/', '-');
        string extension = Path.GetExtension(output);
        return Path.Combine(Path.GetDirectoryName(output) ?? string.Empty, $"{Path.GetFileNameWithoutExtension(output)}.{suffix}{extension}");
    }
}

using System.CommandLine;
using System.Text.Json;
using SupplyGate.Cli.Hosting;
using SupplyGate.Core.Attestations.Verification;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;

namespace SupplyGate.Cli.Commands;

/// <summary>
/// <c>supplygate verify-bundle</c>: verifies a Sigstore bundle file against an artifact (file or digest), a trusted
/// root and a signer, step by step as <c>verify</c> does for an image, without a registry or any network. DSSE
/// attestations and blob message signatures, bundle v0.1–v0.3. Exit 0 verified, 4 a check failed (named), 2 the
/// inputs themselves are unusable. Also takes the artifact as a trailing argument, the shape of the Sigstore
/// conformance suite's client protocol.
/// </summary>
internal static class VerifyBundleCommand
{
    private static readonly string[] Formats = ["text", "json"];

    public static Command Create(CliContext context)
    {
        var bundle = new Option<string>("--bundle") { Description = "The Sigstore bundle file (*.sigstore.json).", Required = true };
        var artifact = new Option<string?>("--artifact") { Description = "The signed artifact (a blob, or the file an attestation's subject names, e.g. the SBOM)." };
        var artifactDigest = new Option<string?>("--artifact-digest") { Description = "The artifact's digest instead of the file, sha256:<hex> (e.g. an image digest)." };
        var positional = new Argument<string?>("artifact-or-digest") { Description = "Same as --artifact or --artifact-digest (a sha256:<hex> value is a digest).", Arity = ArgumentArity.ZeroOrOne };
        var offline = new Option<bool>("--offline") { Description = "Always on: verify-bundle never uses the network (no TUF refresh, no log lookups). Accepted for scripts that pass it." };
        var format = new Option<string>("--format") { Description = "text, or json: a verification record to file (inputs by SHA-256, signer, verified times, the failed check).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong(Formats);
        var output = new Option<string?>("--output", "-o") { Description = "Write the result to this file instead of standard output." };
        var requirements = new BundleOptions();
        var command = new Command(
            "verify-bundle",
            "Verify a Sigstore bundle file offline: timestamps or log time, chain, EKU, identity (or --key), signature, subject, predicate type. Exit 0 verified, 4 verification failed, 2 input error.\n\n"
            + "Example:\n  supplygate verify-bundle --bundle sbom.cdx.json.sigstore.json --artifact-digest sha256:<image digest> --trusted-root trusted_root.json --certificate-identity https://ci.example.com/team/app")
        {
            bundle, artifact, artifactDigest, positional, offline, format, output,
        };
        requirements.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => Task.FromResult((int)context.Run(() => Execute(
            context,
            context.ResolvePath(parseResult.GetValue(bundle))!,
            ResolveArtifact(context.ResolvePath(parseResult.GetValue(artifact)), parseResult.GetValue(artifactDigest), parseResult.GetValue(positional) is { } p && !IsDigest(p) ? context.ResolvePath(p) : parseResult.GetValue(positional)),
            requirements.Read(context, parseResult, "verify-bundle"),
            parseResult.GetValue(format)!,
            context.ResolvePath(parseResult.GetValue(output))))));
        return command;
    }

    /// <summary>The artifact's SHA-256 and how it was given; exactly one way is required.</summary>
    internal static ArtifactArgument ResolveArtifact(string? file, string? digest, string? positional)
    {
        int given = (file is null ? 0 : 1) + (digest is null ? 0 : 1) + (positional is null ? 0 : 1);
        if (given != 1)
        {
            throw BundleOptions.Usage("Name the signed artifact once: --artifact <file> or --artifact-digest sha256:<hex> (or as the last argument).");
        }

        if (positional is not null)
        {
            return IsDigest(positional) ? ResolveArtifact(null, positional, null) : ResolveArtifact(positional, null, null);
        }

        if (digest is not null)
        {
            if (!Digest.TryParse(digest.ToLowerInvariant(), out Digest parsed) || parsed.Algorithm != "sha256")
            {
                throw BundleOptions.Usage($"--artifact-digest '{digest}': expected sha256:<64 hex characters>.");
            }

            return new ArtifactArgument(parsed.Encoded, null);
        }

        return new ArtifactArgument(FileDigests.Sha256(file!, "artifact"), file);
    }

    private static bool IsDigest(string value) => value.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase);

    private static ExitCode Execute(CliContext context, string bundlePath, ArtifactArgument artifact, BundleRequirements requirements, string format, string? output)
    {
        LoadedBundleRequirements loaded = requirements.Load();
        byte[] bundle = FileDigests.ReadAll(bundlePath, DiagnosticCode.AttestationMalformed, "Sigstore bundle");
        BundleVerification result = new BundleVerifier(context.Time).Verify(bundle, loaded.PolicyFor(artifact.Sha256));
        VerificationRecord record = VerificationRecord.From(
            result,
            new VerificationInput { Path = bundlePath, Sha256 = Core.Oci.Digest.Sha256(bundle).Encoded },
            ReadMediaType(bundle),
            loaded.RootFile,
            loaded.Describe(artifact.Sha256),
            context.Time.GetUtcNow());

        string text = format == "json" ? record.ToJson() + Environment.NewLine : Describe(result, artifact);
        if (output is null)
        {
            context.Console.Output.Write(text);
        }
        else
        {
            Core.IO.AtomicFile.WriteAllBytes(output, System.Text.Encoding.UTF8.GetBytes(text));
            context.Console.Info(result.Verified ? $"Verified; result written to {output}" : $"VERIFICATION FAILED ({result.FailedCheck}); result written to {output}");
        }

        return result.Verified ? ExitCode.Passed : ExitCode.VerificationFailed;
    }

    internal static string Describe(BundleVerification result, ArtifactArgument artifact)
    {
        string what = artifact.Path is null ? $"sha256:{artifact.Sha256}" : $"{artifact.Path} (sha256:{artifact.Sha256})";
        if (!result.Verified)
        {
            return $"VERIFICATION FAILED: check '{result.FailedCheck}' ({result.Code}): {result.Message}{Environment.NewLine}";
        }

        string claim = result.Statement is { } statement ? $"attests {statement.PredicateType} about" : "signs";
        string issuer = result.Issuer is null ? string.Empty : $" (issuer {result.Issuer})";
        string times = string.Join(", ", result.VerifiedTimes.Select(t => t.ToString("u", System.Globalization.CultureInfo.InvariantCulture)));
        return $"Verified OK: {result.Identity}{issuer} {claim} {what}; signed at {times}.{Environment.NewLine}";
    }

    private static string? ReadMediaType(byte[] bundle)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(bundle);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("mediaType", out JsonElement value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The artifact a bundle is verified against: its SHA-256, and the file when one was given.</summary>
internal sealed record ArtifactArgument(string Sha256, string? Path);

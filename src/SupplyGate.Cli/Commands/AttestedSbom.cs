using System.Text.Json;
using SupplyGate.Cli.Hosting;
using SupplyGate.Core.Attestations;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Attestations.Verification;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Cli.Commands;

/// <summary>
/// <c>check &lt;sbom&gt; --bundle FILE</c>: the SBOM is judged only once its bundle verified it, offline. The bundle
/// proves the SBOM when its subject is the SBOM file's own digest (a blob signature or a statement about the file),
/// or when its subject is the image digest the SBOM names and its signed predicate is this very SBOM (what
/// <c>attestations download</c> writes). Anything else is exit 4: a verified bundle about some other file, or a
/// true image attestation next to an edited SBOM, proves nothing about what is being judged.
/// </summary>
internal static class AttestedSbom
{
    /// <summary>The verified SBOM bytes' model, or null after writing the refusal (exit 4).</summary>
    public static Bom? Verify(CliContext context, string sbomPath, string bundlePath, BundleRequirements requirements)
    {
        LoadedBundleRequirements loaded = requirements.Load();
        byte[] sbom = FileDigests.ReadAll(sbomPath, DiagnosticCode.BundleArgumentsInvalid, "SBOM");
        byte[] bundle = FileDigests.ReadAll(bundlePath, DiagnosticCode.AttestationMalformed, "Sigstore bundle");
        Bom bom = CycloneDxReader.Read(sbom, sbomPath);
        var verifier = new BundleVerifier(context.Time);

        string fileDigest = Digest.Sha256(sbom).Encoded;
        BundleVerification result = verifier.Verify(bundle, loaded.PolicyFor(fileDigest));
        if (result.Verified)
        {
            return Accept(context, result, $"the SBOM file (sha256:{fileDigest})", bom);
        }

        if (result.FailedCheck == VerificationCheck.Subject && ImageDigest(bom) is { } image)
        {
            BundleVerification byImage = verifier.Verify(bundle, loaded.PolicyFor(image));
            if (byImage.Verified)
            {
                return SamePredicate(byImage, sbom)
                    ? Accept(context, byImage, $"the image sha256:{image} the SBOM names", bom)
                    : Refuse(context, VerificationCheck.Subject, DiagnosticCode.AttestedSbomMismatch, $"The bundle verifies for the image sha256:{image}, but its signed SBOM is not this file: {sbomPath} was changed or belongs to another attestation.");
            }

            result = byImage.FailedCheck == VerificationCheck.Subject ? result : byImage;
        }

        return result.FailedCheck == VerificationCheck.Subject
            ? Refuse(context, VerificationCheck.Subject, DiagnosticCode.AttestedSbomMismatch, $"The bundle is about neither this SBOM file (sha256:{fileDigest}) nor the image the SBOM names: {result.Message}")
            : Refuse(context, result.FailedCheck!, result.Code!, result.Message);
    }

    /// <summary>The image manifest digest an image SBOM names: its metadata component's SHA-256, else its pkg:oci version.</summary>
    internal static string? ImageDigest(Bom bom)
    {
        if (bom.Metadata?.Component is not { } component)
        {
            return null;
        }

        if (component.Hashes.FirstOrDefault(h => h.Alg == Hash.Sha256) is { } hash && hash.Content.Length == 64)
        {
            return hash.Content.ToLowerInvariant();
        }

        return component.Purl is { } purl && purl.StartsWith("pkg:oci/", StringComparison.Ordinal)
            && PackageUrl.Parse(purl).Version is { } version && Digest.TryParse(version, out Digest digest) && digest.Algorithm == "sha256"
                ? digest.Encoded
                : null;
    }

    private static bool SamePredicate(BundleVerification result, byte[] sbom)
    {
        if (result.Statement is not { Predicate: { } predicate } statement || !PredicateTypes.IsCycloneDx(statement.PredicateType))
        {
            return false;
        }

        try
        {
            using JsonDocument file = JsonDocument.Parse(sbom);
            return JsonElement.DeepEquals(predicate, file.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static Bom Accept(CliContext context, BundleVerification result, string subject, Bom bom)
    {
        context.Console.Info($"Bundle verified: {result.Identity} signed {subject} at {result.SignedAt:u}; judging the SBOM.");
        return bom;
    }

    private static Bom? Refuse(CliContext context, string check, string code, string message)
    {
        context.Console.Error.WriteLine($"VERIFICATION FAILED: check '{check}' ({code}): {message}");
        context.Console.Error.WriteLine("The SBOM was not judged: only an SBOM its bundle verifies is re-judged.");
        return null;
    }
}

using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using SupplyGate.Core.Attestations.Publishing;
using SupplyGate.Core.Attestations.Signing;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Registry;
using SupplyGate.Core.Timestamps;

namespace SupplyGate.Build.Tasks;

/// <summary>
/// Signs the pushed image's SBOM and the gate's verdict and attaches both to the image digest,
/// exactly as `supplygate sign` does: in-toto statement → DSSE → RFC 3161 timestamp → Sigstore bundle v0.3 →
/// OCI 1.1 referrer. Runs only after the gate let the image through; every failure is an SG5xxx/SG1xxx error.
/// </summary>
public sealed partial class SignImage : Microsoft.Build.Utilities.Task, ICancelableTask, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();

    public override bool Execute()
    {
        try
        {
            // Input limits from SUPPLYGATE_MAX_INPUT_MB / SUPPLYGATE_MAX_JSON_STRING_MB (docs/limits.md), for this task only.
            using IDisposable limits = InputLimits.Use(InputLimits.FromEnvironment(new MSBuildEnvironment()));
            RunAsync(_cancellation.Token).GetAwaiter().GetResult();
        }
        catch (SupplyGateException ex)
        {
            Log.LogError(null, ex.Code, null, ex.Path ?? ImageSbomPath, 0, 0, 0, 0, "SupplyGate: the image was not signed: {0}", ex.Message);
        }
        catch (OperationCanceledException)
        {
            Log.LogError(null, DiagnosticCode.InternalError, null, null, 0, 0, 0, 0, "SupplyGate: cancelled; the image was not signed.");
        }

        return !Log.HasLoggedErrors;
    }

    public void Cancel() => _cancellation.Cancel();

    public void Dispose() => _cancellation.Dispose();

    private async System.Threading.Tasks.Task RunAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Registry))
        {
            throw new InvalidInputException(
                DiagnosticCode.InvalidConfiguration,
                "SupplyGateSign=true needs a pushed image (ContainerRegistry); an archive cannot carry attestations. Push to a registry or set SupplyGateSign=false.");
        }

        Uri? timestampUrl = null;
        if (!string.IsNullOrWhiteSpace(TimestampUrl) && !Uri.TryCreate(TimestampUrl.Trim(), UriKind.Absolute, out timestampUrl))
        {
            throw new InvalidInputException(DiagnosticCode.InvalidConfiguration, $"SupplyGateTimestampUrl '{TimestampUrl}' is not an absolute URL.");
        }

        if (timestampUrl is null)
        {
            Log.LogWarning(null, DiagnosticCode.TimestampMissing, null, null, 0, 0, 0, 0, "SupplyGate: no SupplyGateTimestampUrl: verifiers require a timestamp and will refuse these attestations.");
        }

        (string subject, List<PredicateFile> predicates) = Subject();
        var environment = new MSBuildEnvironment();
        using SigningMaterial signing = SigningMaterial.Load(SigningKey, SigningKeyPassword, SigningCertificate, environment);
        var image = ImageReference.Parse($"{Registry.Trim().TrimEnd('/')}/{Repository.Trim()}@{Digest.Parse(subject)}");
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var registry = new RegistryClient(image.Registry, http, RegistryClientEnvironment.Options(environment, TimeProvider.System));
        IReadOnlyList<AttachedAttestation> results = await new ImageSigning(registry, new TimestampClient(http), TimeProvider.System)
            .SignAsync(new ImageSigningRequest { Image = image, Predicates = predicates, Signing = signing, TimestampUrl = timestampUrl }, cancellationToken)
            .ConfigureAwait(false);

        var items = new List<ITaskItem>(results.Count);
        foreach (AttachedAttestation result in results)
        {
            var item = new TaskItem(result.Manifest.Digest.ToString());
            item.SetMetadata("PredicateType", result.PredicateType);
            item.SetMetadata("Subject", $"{image.Registry}/{image.Repository}@{result.Subject.Digest}");
            item.SetMetadata("Platform", result.Platform ?? string.Empty);
            items.Add(item);
            Log.LogMessage(MessageImportance.High, "SupplyGate: signed {0} of {1}@{2}{3} -> {4}", result.PredicateType, image.Repository, result.Subject.Digest, result.Platform is null ? string.Empty : $" ({result.Platform})", result.Manifest.Digest);
        }

        Attestations = [.. items];
    }

    /// <summary>
    /// The digest to sign and the files about it: with <see cref="Platforms"/> and an <see cref="IndexDigest"/>, the index
    /// and one SBOM (and policy result) per platform; with one platform item and no index, that image; else the
    /// single-manifest inputs.
    /// </summary>
    private (string Subject, List<PredicateFile> Predicates) Subject()
    {
        var predicates = new List<PredicateFile>();
        if (Platforms.Length == 0 || (Platforms.Length == 1 && string.IsNullOrWhiteSpace(IndexDigest)))
        {
            ITaskItem? single = Platforms.Length == 1 ? Platforms[0] : null;
            string digest = single?.ItemSpec ?? ManifestDigest;
            string sbom = single?.GetMetadata("ImageSbomPath") ?? ImageSbomPath;
            if (string.IsNullOrWhiteSpace(digest) || string.IsNullOrWhiteSpace(sbom))
            {
                throw new InvalidInputException(DiagnosticCode.InvalidConfiguration, "SignImage needs ManifestDigest and ImageSbomPath, or Platforms items.");
            }

            predicates.Add(new PredicateFile(PredicateTypes.CycloneDx, sbom));
            AddPolicyResult(predicates, single?.GetMetadata("PolicyResultPath") ?? PolicyResultPath, null);
            return (digest.Trim(), predicates);
        }

        if (string.IsNullOrWhiteSpace(IndexDigest))
        {
            throw new InvalidInputException(DiagnosticCode.PlatformArgumentInvalid, $"SignImage got {Platforms.Length} platform images but no IndexDigest: the index is what binds them.");
        }

        foreach (ITaskItem item in Platforms)
        {
            string platform = item.GetMetadata("Platform");
            if (string.IsNullOrWhiteSpace(platform))
            {
                throw new InvalidInputException(DiagnosticCode.PlatformArgumentInvalid, $"The platform image {item.ItemSpec} has no Platform metadata (e.g. linux/arm64).");
            }

            predicates.Add(new PredicateFile(PredicateTypes.CycloneDx, item.GetMetadata("ImageSbomPath"), platform));
            AddPolicyResult(predicates, item.GetMetadata("PolicyResultPath"), platform);
        }

        return (IndexDigest.Trim(), predicates);
    }

    private void AddPolicyResult(List<PredicateFile> predicates, string path, string? platform)
    {
        if (!string.IsNullOrWhiteSpace(path) && File.Exists(path))
        {
            predicates.Add(new PredicateFile(PredicateTypes.PolicyResult, path, platform));
        }
        else
        {
            Log.LogMessage(MessageImportance.High, "SupplyGate: the gate did not run (SupplyGateCheckEnabled=false){0}, so only the SBOM is signed.", platform is null ? string.Empty : $" for {platform}");
        }
    }
}

using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using SupplyGate.Core.Attestations;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;
using SupplyGate.Core.Oci;
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

        var environment = new MSBuildEnvironment();
        using SigningMaterial signing = SigningMaterial.Load(SigningKey, SigningKeyPassword, SigningCertificate, environment);
        var predicates = new List<(string Type, byte[] Predicate)> { (PredicateTypes.CycloneDx, ReadFile(ImageSbomPath)) };
        if (!string.IsNullOrWhiteSpace(PolicyResultPath) && File.Exists(PolicyResultPath))
        {
            predicates.Add((PredicateTypes.PolicyResult, ReadFile(PolicyResultPath)));
        }
        else
        {
            Log.LogMessage(MessageImportance.High, "SupplyGate: the gate did not run (SupplyGateCheckEnabled=false), so only the SBOM is signed.");
        }

        var image = ImageReference.Parse($"{Registry.Trim().TrimEnd('/')}/{Repository.Trim()}@{Digest.Parse(ManifestDigest.Trim())}");
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var registry = new RegistryClient(image.Registry, http, RegistryClientEnvironment.Options(environment, TimeProvider.System));
        var publisher = new AttestationPublisher(registry, new TimestampClient(http), TimeProvider.System);
        IReadOnlyList<AttestationPublishResult> results = await publisher.PublishAllAsync(image, predicates, signing, timestampUrl, cancellationToken).ConfigureAwait(false);

        var items = new List<ITaskItem>(results.Count);
        for (int i = 0; i < results.Count; i++)
        {
            var item = new TaskItem(results[i].Manifest.Digest.ToString());
            item.SetMetadata("PredicateType", predicates[i].Type);
            item.SetMetadata("Subject", $"{image.Registry}/{image.Repository}@{results[i].Subject.Digest}");
            items.Add(item);
            Log.LogMessage(MessageImportance.High, "SupplyGate: signed {0} of {1}@{2} -> {3}", predicates[i].Type, image.Repository, results[i].Subject.Digest, results[i].Manifest.Digest);
        }

        Attestations = [.. items];
    }

    private static byte[] ReadFile(string path) =>
        InputFile.ReadAllBytes(path, InputKind.Sbom, DiagnosticCode.InputNotFound, missingMessage: $"Cannot read {path}: no such file.");
}

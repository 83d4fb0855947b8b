using Microsoft.Build.Framework;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.Image;
using SupplyGate.Core.Inventory.Oci;
using SupplyGate.Core.IO;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Build.Tasks;

/// <summary>
/// After PublishContainer: scans the image the SDK just pushed (or archived), by digest, and writes an image
/// SBOM that holds the OS packages, the runtime and the app, each attributed to its layer; and, from the same
/// pass over the layers, the app layers' secret findings (redacted) beside it for CheckSbom to gate.
/// </summary>
public sealed partial class ScanImage : Microsoft.Build.Utilities.Task, ICancelableTask, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();

    public override bool Execute()
    {
        try
        {
            // Input limits from SUPPLYGATE_MAX_INPUT_MB / SUPPLYGATE_MAX_JSON_STRING_MB (docs/limits.md), for this task only.
            using IDisposable limits = InputLimits.Use(InputLimits.FromEnvironment(new MSBuildEnvironment()));
            System.Threading.Tasks.Task.Run(() => RunAsync(_cancellation.Token)).GetAwaiter().GetResult();
        }
        catch (SupplyGateException ex)
        {
            Log.LogError(null, ex.Code, null, ex.Path ?? OutputPath, 0, 0, 0, 0, "{0}", ex.Message);
        }
        catch (OperationCanceledException)
        {
            Log.LogWarning(null, DiagnosticCode.InternalError, null, null, 0, 0, 0, 0, "SupplyGate: cancelled; no image SBOM was written.");
        }

        return !Log.HasLoggedErrors;
    }

    public void Cancel() => _cancellation.Cancel();

    public void Dispose() => _cancellation.Dispose();

    private async System.Threading.Tasks.Task RunAsync(CancellationToken cancellationToken)
    {
        Bom? appSbom = File.Exists(AppSbomPath) ? CycloneDxReader.ReadFile(AppSbomPath) : null;
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        ImageSbomResult result = await ImageSbomPipeline.RunAsync(
            new ImageSbomRequest
            {
                Image = ImageName(),
                AppSbom = appSbom,
                WorkDirectory = WorkDirectory,
                CacheDirectory = string.IsNullOrWhiteSpace(CacheDirectory) ? null : CacheDirectory,
                Environment = new MSBuildEnvironment(),
                HttpClient = http,
            },
            cancellationToken).ConfigureAwait(false);
        foreach (Warning warning in result.Warnings)
        {
            Log.LogWarning(null, warning.Code, null, warning.Path ?? OutputPath, 0, 0, 0, 0, "{0}", warning.Message);
        }

        Bom bom = BomFinalizer.Finalize(result.Bom, new BomFinalizeOptions
        {
            Reproducible = Reproducible,
            Timestamp = Core.Sbom.SourceDateEpoch.Parse(SourceDateEpoch),
        });
        AtomicFile.WriteAllBytes(OutputPath, CycloneDxWriter.ToUtf8Bytes(bom));
        ImageSbomPath = OutputPath;

        // Written even when empty: CheckSbom then knows the layers were scanned and found clean.
        string secretsPath = ImageSecretsFile.PathBeside(OutputPath);
        ImageSecretsFile.Write(secretsPath, result.Secrets);
        ImageSecretsPath = secretsPath;
        foreach (Core.Secrets.SkippedFile skipped in result.Scan.SecretsSkipped)
        {
            Log.LogMessage(MessageImportance.Normal, "SupplyGate: not scanned for secrets: {0} ({1}: {2})", skipped.Path, skipped.Reason, skipped.Detail);
        }

        int os = bom.Components.Count(c => c.Purl?.StartsWith("pkg:deb/", StringComparison.Ordinal) == true
            || c.Purl?.StartsWith("pkg:apk/", StringComparison.Ordinal) == true || c.Purl?.StartsWith("pkg:rpm/", StringComparison.Ordinal) == true);
        Log.LogMessage(
            MessageImportance.High,
            "SupplyGate: image {0} ({1} layers, {2} scanned for secrets): {3} components, {4} OS packages, {5} secret findings -> {6}",
            bom.Metadata?.Component?.Name + "@" + ManifestDigest,
            result.Scan.Layers.Count,
            result.Scan.Layers.Count(l => l.SecretsScanned),
            bom.Components.Count,
            os,
            result.Secrets.Count,
            OutputPath);
    }

    /// <summary>The image by digest in its registry, or the archive the SDK wrote.</summary>
    private string ImageName()
    {
        if (!string.IsNullOrWhiteSpace(Registry))
        {
            Digest digest = Digest.Parse(ManifestDigest.Trim());
            return $"{Registry.Trim().TrimEnd('/')}/{Repository.Trim()}@{digest}";
        }

        if (File.Exists(ArchivePath))
        {
            return ArchivePath;
        }

        // Given a directory, the SDK writes <dir>/<repository>.tar.gz and reports the directory (recipes pitfall 8).
        string candidate = Path.Combine(ArchivePath, Repository + ".tar.gz");
        if (File.Exists(candidate))
        {
            return candidate;
        }

        throw new InvalidInputException(
            DiagnosticCode.ImageInvalid,
            $"no image to scan: ContainerRegistry is empty and the archive '{ArchivePath}' does not exist.",
            ArchivePath);
    }
}

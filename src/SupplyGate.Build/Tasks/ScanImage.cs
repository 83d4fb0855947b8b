using Microsoft.Build.Framework;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.Image;
using SupplyGate.Core.IO;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Sbom;
using TaskItem = Microsoft.Build.Utilities.TaskItem;

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
            ExceptionLog.LogErrors(Log, ex, OutputPath);
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
        var environment = new MSBuildEnvironment();
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        ImageScanOutcome outcome = await ImageScan.RunAsync(
            new ImageScanRequest
            {
                Image = ImageName(),
                AppSbom = File.Exists(AppSbomPath) ? CycloneDxReader.ReadFile(AppSbomPath) : null,
                AppSboms = PlatformAppSboms(),
                WorkDirectory = WorkDirectory,
                CacheDirectory = string.IsNullOrWhiteSpace(CacheDirectory) ? ImageScanDefaults.LayerCacheDirectory(environment) : CacheDirectory,
                Finalize = new BomFinalizeOptions { Reproducible = Reproducible, Timestamp = Core.Sbom.SourceDateEpoch.Parse(SourceDateEpoch) },
                Environment = environment,
                HttpClient = http,
                BaseImage = string.IsNullOrWhiteSpace(BaseImage) ? null : BaseImage.Trim(),
            },
            cancellationToken).ConfigureAwait(false);
        foreach (Warning warning in outcome.Warnings)
        {
            Log.LogWarning(null, warning.Code, null, warning.Path ?? OutputPath, 0, 0, 0, 0, "{0}", warning.Message);
        }

        var platforms = new List<ITaskItem>(outcome.Platforms.Count);
        foreach (PlatformImageScan scan in outcome.Platforms)
        {
            platforms.Add(Write(scan, outcome.IsIndex));
        }

        Platforms = [.. platforms];
        ImageSbomPath = platforms[0].GetMetadata("ImageSbomPath");
        ImageSecretsPath = platforms[0].GetMetadata("ImageSecretsPath");
        IndexDigest = outcome.IsIndex ? outcome.IndexDigest?.ToString() ?? string.Empty : string.Empty;
    }

    /// <summary>Writes one platform's SBOM and secrets file; the item is what the gate and the signer take.</summary>
    private TaskItem Write(PlatformImageScan scan, bool perPlatform)
    {
        string sbomPath = perPlatform ? ImageScanDefaults.PerPlatformPath(OutputPath, scan.Platform) : OutputPath;
        AtomicFile.WriteAllBytes(sbomPath, CycloneDxWriter.ToUtf8Bytes(scan.Bom));

        // Written even when empty: CheckSbom then knows the layers were scanned and found clean.
        string secretsPath = ImageSecretsFile.PathBeside(sbomPath);
        ImageSecretsFile.Write(secretsPath, scan.Secrets);
        foreach (Core.Secrets.SkippedFile skipped in scan.Result.Scan.SecretsSkipped)
        {
            Log.LogMessage(MessageImportance.Normal, "SupplyGate: not scanned for secrets: {0} ({1}: {2})", skipped.Path, skipped.Reason, skipped.Detail);
        }

        Log.LogMessage(
            MessageImportance.High,
            "SupplyGate: image {0}{1} ({2} layers, {3} scanned for secrets): {4} components, {5} OS packages, {6} secret findings -> {7}",
            scan.Bom.Metadata?.Component?.Name + "@" + (perPlatform ? scan.ManifestDigest.ToString() : ManifestDigest),
            perPlatform ? $" {scan.Platform}" : string.Empty,
            scan.Result.Scan.Layers.Count,
            scan.Result.Scan.Layers.Count(l => l.SecretsScanned),
            scan.Bom.Components.Count,
            scan.OsPackageCount,
            scan.Secrets.Count,
            sbomPath);
        string work = perPlatform ? Path.Combine(WorkDirectory, ImageScanDefaults.Slug(scan.Platform)) : WorkDirectory;
        var item = new TaskItem(scan.ManifestDigest.ToString());
        item.SetMetadata("Platform", scan.Platform.ToString());
        item.SetMetadata("ImageSbomPath", sbomPath);
        item.SetMetadata("ImageSecretsPath", secretsPath);
        item.SetMetadata("PolicyResultPath", Path.Combine(work, "policy-result.json"));
        return item;
    }

    /// <summary>The app SBOM each inner (per-RID) build wrote, keyed by the platform its RID runs on.</summary>
    private Dictionary<string, Bom> PlatformAppSboms()
    {
        var sboms = new Dictionary<string, Bom>(StringComparer.Ordinal);
        foreach (ITaskItem item in AppSboms)
        {
            string rid = item.GetMetadata("RuntimeIdentifier");
            if (Platform.FromRuntimeIdentifier(rid) is { } platform && File.Exists(item.ItemSpec))
            {
                sboms[platform.ToString()] = CycloneDxReader.ReadFile(item.ItemSpec);
            }
            else
            {
                Log.LogMessage(MessageImportance.High, "SupplyGate: no app SBOM merged for runtime '{0}' ({1})", rid, item.ItemSpec);
            }
        }

        return sboms;
    }

    /// <summary>The image by digest in its registry, or the archive the SDK wrote.</summary>
    private string ImageName()
    {
        if (!string.IsNullOrWhiteSpace(Registry))
        {
            // A multi-RID publish reports the index it pushed as JSON text ($(GeneratedImageIndex)): its digest is that of those bytes.
            Digest digest = ManifestDigest.TrimStart().StartsWith('{')
                ? Digest.Sha256(System.Text.Encoding.UTF8.GetBytes(ManifestDigest))
                : Digest.Parse(ManifestDigest.Trim());
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

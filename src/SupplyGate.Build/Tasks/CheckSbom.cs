using System.Globalization;
using Microsoft.Build.Framework;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Sources;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;
using SupplyGate.Core.Gate;
using SupplyGate.Core.Inventory.NuGet;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Reporting;
using SupplyGate.Core.Sbom;
using SupplyGate.Core.Secrets;

namespace SupplyGate.Build.Tasks;

/// <summary>
/// Judges the publish's SBOM: advisories, licenses, packages, runtime and data freshness, per the policy.
/// A thin translator: findings become SG3xxx/SG4xxx diagnostics at the PackageReference line, deny fails
/// the build, reports are written beside the SBOM.
/// </summary>
public sealed partial class CheckSbom : Microsoft.Build.Utilities.Task, ICancelableTask, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();

    public override bool Execute()
    {
        try
        {
            // Input limits from SUPPLYGATE_MAX_INPUT_MB / SUPPLYGATE_MAX_JSON_STRING_MB (docs/limits.md), for this task only.
            using IDisposable limits = InputLimits.Use(InputLimits.FromEnvironment(new MSBuildEnvironment()));
            Run(_cancellation.Token);
        }
        catch (SupplyGateException ex)
        {
            ExceptionLog.LogErrors(Log, ex, SbomPath);
        }
        catch (OperationCanceledException)
        {
            Log.LogWarning(null, DiagnosticCode.InternalError, null, null, 0, 0, 0, 0, "SupplyGate: cancelled; the SBOM was not judged.");
        }

        return !Log.HasLoggedErrors;
    }

    public void Cancel() => _cancellation.Cancel();

    public void Dispose() => _cancellation.Dispose();

    private void Run(CancellationToken cancellationToken)
    {
        var phases = new TaskPhases();
        byte[] content = SharedSbom.ReadBytes(SbomPath);
        AdvisoryStoreLocation location = AdvisoryStoreForBuild.Locate(this);
        IncrementalGate? incremental = IncrementalGate.For(this, content, location);
        if (incremental is not null)
        {
            DateTimeOffset now = Time.GetUtcNow();
            if (incremental.Reusable(now, AdvisoryStoreForBuild.RefreshDue(this, location), out string why) is { } record)
            {
                AdvisoryStoreForBuild.NoticeSample(this, location);
                IncrementalGate.LogUpToDate(Log, record, incremental.RecordPath);
                GateLog.Replay(Log, record.Events);
                Decision = record.Decision;
                phases.End("up to date");
                phases.Log(Log, nameof(CheckSbom));
                return;
            }

            Log.LogMessage(MessageImportance.Low, "SupplyGate: evaluating the gate: {0}", why);
            incremental.Forget();
        }

        phases.End("inputs");
        using BackgroundSecretScan scan = BackgroundSecretScan.Start(PublishDirectory, cancellationToken);
        (Bom bom, bool shared) = SharedSbom.Read(BuildEngine, SbomPath, content);
        phases.End(shared ? "SBOM (GenerateSbom's)" : "read SBOM");
        PolicyDocument policy = PolicyDocument.LoadPresetOrFile(string.IsNullOrWhiteSpace(Policy) ? "default" : Policy);
        phases.End("policy");
        using IAdvisoryStore store = AdvisoryStoreForBuild.Open(this, location, cancellationToken);
        phases.End("advisory store");
        IReadOnlyList<SecretFinding> secrets = Secrets(scan.Result());
        phases.End("secrets (waited)");
        GateOutcome outcome = GateEvaluator.Evaluate(
            new GateRequest
            {
                Bom = bom,
                Policy = policy,
                Store = store,
                VexFiles = VexFiles.Select(v => v.GetMetadata("FullPath")).ToArray(),
                Secrets = secrets,
                Time = Time,
            },
            cancellationToken);
        phases.End("gate");

        IReadOnlyDictionary<string, int> lines = string.IsNullOrEmpty(ProjectFile)
            ? new Dictionary<string, int>()
            : PackageReferenceLocator.Read(ProjectFile);
        string? platform = NullIfEmpty(Platform);
        var gateLog = new GateLog(Log);
        var log = new DiagnosticLog(gateLog, ProjectFile, lines, platform is null ? string.Empty : $"[{platform}] ");
        foreach (Warning warning in outcome.Warnings)
        {
            log.Warning(warning);
        }

        PolicyResult result = outcome.Result;
        log.Report(result);
        var context = new ReportContext
        {
            Bom = bom,
            Result = result,
            ProjectFile = NullIfEmpty(ProjectFile),
            PackageReferenceLines = lines,
            SourceRoot = NullIfEmpty(SourceRoot),
            SbomFile = SbomPath,
            Platform = platform,
        };
        phases.End("diagnostics");
        IReadOnlyList<string> reports = GateReports.WriteBeside(SbomPath, context, GateReports.Parse(ReportFormats));
        if (!string.IsNullOrWhiteSpace(PolicyResultPath))
        {
            Core.IO.AtomicFile.WriteAllBytes(PolicyResultPath, PolicyResultPredicate.Create(context));
        }

        phases.End("reports");

        Decision = DecisionText(result.Decision);
        if (platform is not null && result.Decision == Core.Policy.Decision.Deny)
        {
            gateLog.LogError(
                DiagnosticCode.ImagePlatformDenied,
                SbomPath,
                0,
                string.Format(
                    CultureInfo.CurrentCulture,
                    "SupplyGate: image platform {0} ({1}) denied by policy {2}: {3} denied findings; no platform of the index is signed",
                    platform,
                    ManifestDigest,
                    policy.Name,
                    result.DenyCount));
        }

        gateLog.LogMessage(
            MessageImportance.High,
            string.Format(
                CultureInfo.CurrentCulture,
                "SupplyGate: {0}{1}: {2} denied, {3} warnings, {4} suppressed{9} ({5} findings; policy {6}; advisory data: {7}){8}",
                platform is null ? string.Empty : $"[{platform}] ",
                Decision.ToUpperInvariant(),
                result.DenyCount,
                result.WarnCount,
                result.Suppressed.Count,
                result.Findings.Count,
                policy.Name,
                store.Info.SampleLabel ?? $"{store.Info.Location}, built {store.Info.BuiltAt:yyyy-MM-dd}",
                reports.Count > 0 ? $" -> {reports[0]}" : string.Empty,
                result.UnfixedCount == 0 ? string.Empty : $", {result.UnfixedCount} with no fix published (information)"));
        if (incremental is not null)
        {
            IEnumerable<string> wrote = string.IsNullOrWhiteSpace(PolicyResultPath) ? reports : [.. reports, PolicyResultPath];
            incremental.Save(gateLog, Decision, policy, result, bom, wrote);
            phases.End("record");
        }

        phases.Log(Log, nameof(CheckSbom));
    }

    /// <summary>The publish directory's secrets, and the image layers' when ScanImage wrote them (the same file counted once).</summary>
    private IReadOnlyList<SecretFinding> Secrets(IReadOnlyList<SecretFinding> published) =>
        string.IsNullOrWhiteSpace(ImageSecretsFile)
            ? published
            : Core.Inventory.Image.ImageSecretsFile.Combine(published, Core.Inventory.Image.ImageSecretsFile.Read(ImageSecretsFile));

    private static string DecisionText(Decision decision) => decision switch
    {
        Core.Policy.Decision.Pass => "pass",
        Core.Policy.Decision.Deny => "deny",
        _ => "data-stale",
    };

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

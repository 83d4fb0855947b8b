using System.CommandLine;
using SupplyGate.Cli.Hosting;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Sources;
using SupplyGate.Core.Attestations.Discovery;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Attestations.Verification;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Gate;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Registry;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Reporting;

namespace SupplyGate.Cli.Commands;

/// <summary>
/// <c>supplygate verify &lt;image&gt;</c>: resolve the tag to a digest, discover the image's
/// attestations (referrers API or fallback tag, cosign <c>.att</c> tags), verify each against the trusted root
/// and identity, then judge the attested SBOM again with today's advisories and the given policy. Exit 4 when
/// a required attestation does not verify, else the gate's 0/1/3.
/// </summary>
internal static partial class VerifyCommand
{
    public static Command Create(CliContext context)
    {
        var image = new Argument<string>("image") { Description = "The image in a registry, by tag or digest, e.g. localhost:5000/team/app:1.0." };
        var trustedRoot = new Option<string>("--trusted-root") { Description = "The Sigstore trusted_root.json (CAs and timestamp authorities), e.g. from 'supplygate ca init'." };
        var identity = new Option<string?>("--certificate-identity") { Description = "The signer's exact SAN (URI or email) in the signing certificate." };
        var identityRegex = new Option<string?>("--certificate-identity-regexp") { Description = "A regular expression the signer's SAN must match in full." };
        var types = new Option<string[]>("--type")
        {
            Description = "A predicate type that must be attested and verify (repeatable). Default: the CycloneDX SBOM (https://cyclonedx.org/bom).",
            AllowMultipleArgumentsPerToken = false,
        };
        var policy = new Option<string>("--policy") { Description = "Policy file or preset (default, strict) for the re-evaluation.", DefaultValueFactory = _ => "default" };
        var db = new Option<string?>("--db") { Description = "Advisory store (default: SUPPLYGATE_DB, else the user store ~/.supplygate/advisories.db, else the bundled snapshot)." };
        var vex = new Option<string[]>("--vex") { Description = "OpenVEX or CycloneDX VEX documents (repeatable)." };
        var offline = new Option<bool>("--offline") { Description = "Do not refresh the advisory store first (mirrors or public sources, as db update); contact nothing but the image's registry." };
        var format = new Option<string>("--format") { Description = "Report of the re-evaluation: " + string.Join(", ", ReportOutput.Formats) + ".", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong(ReportOutput.Formats);
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file instead of standard output (for an index: one file per platform, FILE.linux-arm64.json …)." };
        var platform = new Option<string?>("--platform") { Description = "For an index: verify only this platform (os/arch[/variant], e.g. linux/arm64); default: every platform." };
        var command = new Command(
            "verify",
            "Verify an image's signed attestations and re-judge its attested SBOM with today's advisories. Exit 0 pass, 1 denied, 2 error, 3 advisory data missing or stale, 4 verification failed.\n\n"
            + "Example:\n  supplygate verify localhost:5000/team/app:1.0 --trusted-root trusted_root.json --certificate-identity https://ci.example.com/team/app --policy strict")
        {
            image, trustedRoot, identity, identityRegex, types, policy, db, vex, offline, format, output, platform,
        };
        // A missing trust anchor is the first thing a new user hits: say what the file is and where it comes from.
        command.Validators.Add(result =>
        {
            if (result.GetResult(trustedRoot) is null)
            {
                result.AddError(MissingTrustedRoot);
            }
        });
        command.SetAction(async (parseResult, cancellationToken) => (int)await context.RunAsync(() => ExecuteAsync(context, new VerifyOptions(
            parseResult.GetValue(image)!,
            context.ResolvePath(parseResult.GetValue(trustedRoot))!,
            parseResult.GetValue(identity),
            parseResult.GetValue(identityRegex),
            parseResult.GetValue(types) is { Length: > 0 } given ? given : [PredicateTypes.CycloneDx],
            context.ResolvePolicy(parseResult.GetValue(policy)!),
            context.ResolvePath(parseResult.GetValue(db)),
            context.ResolvePaths(parseResult.GetValue(vex)),
            parseResult.GetValue(format)!,
            context.ResolvePath(parseResult.GetValue(output)),
            parseResult.GetValue(offline),
            parseResult.GetValue(platform)), cancellationToken)).ConfigureAwait(false));
        return command;
    }

    internal const string MissingTrustedRoot =
        "Option '--trusted-root' is required: the Sigstore trusted_root.json listing the certificate authorities and timestamp "
        + "authorities whose signatures you accept. It comes from whoever runs your signing: 'supplygate ca init' writes one for "
        + "development; in production, build it from your code-signing CA's and timestamp authority's chains (the same file "
        + "works with cosign --trusted-root). See docs/attestations.md, section 6 (Trust model).";

    private sealed record VerifyOptions(
        string Image,
        string TrustedRoot,
        string? Identity,
        string? IdentityRegex,
        string[] Types,
        string Policy,
        string? Db,
        string[] Vex,
        string Format,
        string? Output,
        bool Offline,
        string? Platform);

    private static async Task<ExitCode> ExecuteAsync(CliContext context, VerifyOptions options, CancellationToken cancellationToken)
    {
        // Everything the user can get wrong is checked before the first network call.
        Inputs.InputPaths.EnsureOutputDistinct(options.Output, [options.TrustedRoot, options.Policy, options.Db, .. options.Vex]);
        if (!ImageReference.TryParse(options.Image, out ImageReference? image, out string? error))
        {
            throw new InvalidInputException(DiagnosticCode.InvalidConfiguration, $"'{options.Image}' is not a registry reference: {error}");
        }

        CertificateIdentityPolicy identity = IdentityPolicy(options);
        foreach (string type in options.Types)
        {
            if (!Uri.TryCreate(type, UriKind.Absolute, out _))
            {
                throw new InvalidInputException(DiagnosticCode.InvalidConfiguration, $"--type '{type}': expected an absolute URI such as {PredicateTypes.CycloneDx}");
            }
        }

        TrustedRoot trust = TrustedRootReader.ReadFile(options.TrustedRoot);
        PolicyDocument policy = PolicyDocument.LoadPresetOrFile(options.Policy);
        TextWriter narrative = options.Format == "table" || options.Output is not null ? context.Console.Output : context.Console.Error;

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        IRegistryClient registry = RegistryClientFactory.Create(context, image!.Registry, http);
        ManifestResponse top = await AttestedImageCheck.ResolveManifestAsync(registry, image!, cancellationToken).ConfigureAwait(false);
        Digest digest = top.Digest;
        narrative.WriteLine($"Verifying {image!.Registry}/{image.Repository}{(image.Digest is null ? ":" + (image.Tag ?? "latest") : string.Empty)} -> {digest}");
        if (MediaTypes.IsIndex(top.MediaType))
        {
            return await VerifyIndexAsync(context, options, new IndexInputs(policy, registry, image, top, trust, identity), narrative, cancellationToken).ConfigureAwait(false);
        }

        if (options.Platform is not null)
        {
            throw new InvalidInputException(DiagnosticCode.PlatformArgumentInvalid, $"--platform {options.Platform}: {image.Registry}/{image.Repository}@{digest} is a single image ({top.MediaType}), not an index");
        }

        AttestedImage attested = await AttestedImageCheck.VerifyAsync(
            registry, image, digest, new BundleVerificationPolicy(trust, identity, digest.ToString()), options.Types, context.Time, cancellationToken).ConfigureAwait(false);
        AttestationDiscoveryResult discovered = attested.Discovery;
        foreach (string problem in discovered.Problems)
        {
            narrative.WriteLine($"  unreadable: {problem}");
        }

        ImageVerification verification = attested.Verification;
        VerificationOutput.WriteChecks(narrative, verification, discovered);
        if (!verification.Verified)
        {
            VerificationOutput.WriteRefusal(narrative, verification, digest);
            return ExitCode.VerificationFailed;
        }

        return await ReevaluateAsync(context, options, policy, [(null, attested)], narrative, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// "Today's advisories": the store is refreshed first, as the build does, from the configured mirrors
    /// (SUPPLYGATE_DB_SOURCES, ~/.supplygate/sources.txt) or else the public sources (docs/data-sources.md),
    /// unless its sources were asked less than <see cref="VerifyRefreshTtl"/> ago. A failed refresh is a warning;
    /// the policy's data.maxAge then decides whether the local copy is fresh enough to judge with (exit 3 if not),
    /// so nothing passes on silently old data. --offline, or SupplyGateAdvisoryUpdate=false (the switch that also
    /// keeps the build offline), skips it.
    /// </summary>
    private static async Task RefreshAdvisoriesAsync(CliContext context, string? db, TextWriter narrative, CancellationToken cancellationToken)
    {
        if (string.Equals(context.Environment.GetVariable(AdvisoryUpdateVariable), "false", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        string path = DbStoreLocation.Resolve(context, db);
        StoreRefreshResult result = await StoreRefresh.RunAsync(
            path,
            context.WorkingDirectory,
            context.Environment,
            new StoreRefreshOptions { Ttl = VerifyRefreshTtl, LockWait = TimeSpan.FromMinutes(2), RequestTimeout = TimeSpan.FromSeconds(30) },
            context.Time,
            cancellationToken).ConfigureAwait(false);
        foreach (Warning warning in result.Warnings)
        {
            context.Console.Warn(warning);
        }

        narrative.WriteLine($"Advisory refresh: {result.Summary}.");
    }

    /// <summary>Deploy-time judgement wants today's data, but a pipeline verifying many images asks the sources once.</summary>
    internal static readonly TimeSpan VerifyRefreshTtl = TimeSpan.FromHours(1);

    /// <summary>The MSBuild property's name, read from the environment as MSBuild itself does.</summary>
    internal const string AdvisoryUpdateVariable = "SupplyGateAdvisoryUpdate";

    private static CertificateIdentityPolicy IdentityPolicy(VerifyOptions options) => (options.Identity, options.IdentityRegex) switch
    {
        ({ Length: > 0 } exact, null) => CertificateIdentityPolicy.Exact(exact),
        (null, { Length: > 0 } pattern) => CertificateIdentityPolicy.Pattern(pattern),
        (null, null) => throw new InvalidInputException(
            DiagnosticCode.InvalidConfiguration,
            "verify needs the expected signer: pass --certificate-identity <SAN> or --certificate-identity-regexp <regex> (a signature from anyone the CA certified proves nothing)."),
        _ => throw new InvalidInputException(DiagnosticCode.InvalidConfiguration, "Pass either --certificate-identity or --certificate-identity-regexp, not both."),
    };

    /// <summary>
    /// The attested SBOM judged again: advisories published since the build can turn a pass into a deny. For an
    /// index, each platform's SBOM is judged and reported on its own; the exit code is the worst (stale, then deny).
    /// </summary>
    private static async Task<ExitCode> ReevaluateAsync(
        CliContext context,
        VerifyOptions options,
        PolicyDocument policy,
        IReadOnlyList<(string? Platform, AttestedImage Attested)> images,
        TextWriter narrative,
        CancellationToken cancellationToken)
    {
        var boms = new List<(string? Platform, Core.Sbom.Bom Bom)>();
        foreach ((string? platform, AttestedImage attested) in images)
        {
            string on = platform is null ? string.Empty : $" [{platform}]";
            if (attested.Verification.Latest(PolicyResultPredicate.Type) is { Statement.Predicate: { } buildResult } signed)
            {
                narrative.WriteLine($"At build{on} ({signed.SignedAt:u}): {PolicyResultPredicate.Summarize(buildResult)}");
            }

            if (attested.AttestedSbom() is { } bom)
            {
                boms.Add((platform, bom));
            }
        }

        if (boms.Count == 0)
        {
            narrative.WriteLine("Verified. No CycloneDX SBOM was required (--type), so there is nothing to re-evaluate.");
            return ExitCode.Passed;
        }

        if (!options.Offline)
        {
            await RefreshAdvisoriesAsync(context, options.Db, narrative, cancellationToken).ConfigureAwait(false);
        }

        using IAdvisoryStore store = ReportOutput.OpenStore(context, options.Db);
        var decisions = new List<Decision>(boms.Count);
        foreach ((string? platform, Core.Sbom.Bom bom) in boms)
        {
            GateOutcome outcome = GateEvaluator.Evaluate(
                new GateRequest { Bom = bom, Policy = policy, Store = store, VexFiles = options.Vex.Select(Path.GetFullPath).ToArray(), Time = context.Time },
                cancellationToken);
            foreach (Warning warning in outcome.Warnings)
            {
                context.Console.Warn(platform is null ? warning : warning with { Message = $"[{platform}] {warning.Message}" });
            }

            string on = platform is null ? "Today" : $"Platform {platform}, today";
            narrative.WriteLine($"{on} ({context.Time.GetUtcNow():u}, policy {policy.Name}, advisory data {store.Info.Location} built {store.Info.BuiltAt:u}):");
            ReportOutput.Render(context, new ReportContext { Bom = bom, Result = outcome.Result }, options.Format, PlatformOutput(options.Output, platform, boms.Count));
            decisions.Add(outcome.Result.Decision);
        }

        Decision worst = decisions.Contains(Decision.DataStale) ? Decision.DataStale : decisions.Contains(Decision.Deny) ? Decision.Deny : Decision.Pass;
        return (ExitCode)DecisionExitCodes.Of(worst);
    }
}

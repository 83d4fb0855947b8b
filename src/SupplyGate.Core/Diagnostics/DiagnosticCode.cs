namespace SupplyGate.Core.Diagnostics;

/// <summary>
/// SupplyGate's own diagnostic codes (docs/architecture.md "Exit codes and diagnostic ranges"): SG1xxx inventory and
/// registry I/O, SG2xxx input and configuration, SG3xxx advisory findings, SG4xxx policy rules,
/// SG5xxx signing and verification. Codes are never reused; docs/diagnostics.md lists them all.
/// </summary>
public static class DiagnosticCode
{
    /// <summary>The project assets file (<c>project.assets.json</c>) does not exist: restore has not run.</summary>
    public const string AssetsFileMissing = "SG1001";

    /// <summary>The project assets file is not valid JSON or lacks a required member.</summary>
    public const string AssetsFileInvalid = "SG1002";

    /// <summary>The publish output has no <c>*.deps.json</c>, so what ships cannot be established.</summary>
    public const string DepsFileMissing = "SG1003";

    /// <summary>A <c>*.deps.json</c> is not valid JSON or lacks a required member.</summary>
    public const string DepsFileInvalid = "SG1004";

    /// <summary>A package's .nuspec exists but cannot be read or parsed.</summary>
    public const string NuspecInvalid = "SG1005";

    /// <summary>A package's .nuspec is not in the packages folder: its license is unknown (warning).</summary>
    public const string NuspecMissing = "SG1006";

    /// <summary>The assets file has no target for the requested framework / runtime identifier.</summary>
    public const string TargetNotFound = "SG1007";

    /// <summary>A <c>runtimeconfig.json</c> is not valid JSON.</summary>
    public const string RuntimeConfigInvalid = "SG1008";

    /// <summary>A CycloneDX document is not valid JSON or not a CycloneDX BOM.</summary>
    public const string BomInvalid = "SG1009";

    /// <summary>The SBOM could not be written.</summary>
    public const string OutputWriteFailed = "SG1010";

    /// <summary>An advisory store file is missing, corrupt, truncated or of an unknown schema version.</summary>
    public const string StoreInvalid = "SG1011";

    /// <summary>An advisory source (file, feed, URL) failed: HTTP error, HTML instead of JSON, unreadable archive.</summary>
    public const string AdvisorySourceFailed = "SG1012";

    /// <summary>One advisory record is malformed; the import continues without it (warning).</summary>
    public const string AdvisoryRecordInvalid = "SG1013";

    /// <summary>A component's version is not valid in its ecosystem's scheme, so it was not matched (warning).</summary>
    public const string VersionNotComparable = "SG1014";

    /// <summary>The assets file records a failed restore: its graph is incomplete, so no SBOM is made from it.</summary>
    public const string RestoreFailed = "SG1015";

    /// <summary>An OS package database (dpkg status, apk installed, rpmdb) is malformed.</summary>
    public const string OsPackageDatabaseInvalid = "SG1016";

    /// <summary>Content does not match its digest or size (a lying registry, a corrupted archive).</summary>
    public const string DigestMismatch = "SG1017";

    /// <summary>A registry answered with an error, refused credentials, or did not answer in time.</summary>
    public const string RegistryError = "SG1018";

    /// <summary>
    /// An image layer is malformed or hostile (path traversal, links out of the root, bombs, truncation), uses an
    /// unsupported compression, or does not match its blob digest or the diff id its config claims.
    /// </summary>
    public const string LayerInvalid = "SG1019";

    /// <summary>An image reference, OCI layout or image archive is malformed.</summary>
    public const string ImageInvalid = "SG1020";

    /// <summary>An OCI artifact is not a SupplyGate advisory database (wrong artifactType, layer or annotations).</summary>
    public const string AdvisoryDbArtifactInvalid = "SG1021";

    /// <summary>A pulled advisory database is larger than the allowed size (decompression bomb protection).</summary>
    public const string AdvisoryDbTooLarge = "SG1022";

    /// <summary><c>db update</c>: every configured advisory database source failed.</summary>
    public const string AdvisoryDbSourcesFailed = "SG1023";

    /// <summary><c>db update</c>: one advisory database source failed; the next one is tried (warning).</summary>
    public const string AdvisoryDbSourceSkipped = "SG1024";

    /// <summary>A member of an advisory .zip inflates past the member limit or at a suspicious compression ratio (a decompression bomb).</summary>
    public const string AdvisoryArchiveMemberTooLarge = "SG1030";

    /// <summary>
    /// The CLI could not ask MSBuild where a project's restore and publish outputs are (<c>dotnet msbuild
    /// -getProperty</c> failed or is missing); it used the SDK's default locations instead (note).
    /// </summary>
    public const string ProjectEvaluationFailed = "SG1045";

    /// <summary>An update: one public advisory source failed; the others were updated and its data kept (warning).</summary>
    public const string AdvisoryUpdateSourceFailed = "SG1050";

    /// <summary>An update: every advisory source failed; the store is untouched (<c>db update</c> exit 3).</summary>
    public const string AdvisoryUpdateAllFailed = "SG1051";

    /// <summary>Another process held the store's update lock past the bounded wait; this run did not update.</summary>
    public const string AdvisoryStoreBusy = "SG1052";

    /// <summary>NuGet.Config or a source's credentials could not be read; VulnerabilityInfo feeds skipped (warning).</summary>
    public const string NuGetConfigUnreadable = "SG1053";

    /// <summary>A package's nuspec names a license file that is missing, outside the package, a link or unreadable (warning).</summary>
    public const string LicenseFileUnreadable = "SG1054";

    /// <summary>A RetireJS repository document (client-library extractors and vulnerabilities) is not valid.</summary>
    public const string ClientLibraryDataInvalid = "SG1060";

    /// <summary>A project's <c>libman.json</c> cannot be read or is not a LibMan manifest.</summary>
    public const string LibManInvalid = "SG1061";

    /// <summary>serve: the registry of an image under admission did not answer (connection refused, DNS, network error); denied (fail closed).</summary>
    public const string AdmissionRegistryUnreachable = "SG1070";

    /// <summary>serve: resolving, verifying and judging an image did not finish within the admission budget; denied (fail closed).</summary>
    public const string AdmissionTimedOut = "SG1071";

    /// <summary>serve: the registry answered with an error (429 after retries, 5xx, 401, unknown image); denied (fail closed).</summary>
    public const string AdmissionRegistryError = "SG1072";

    /// <summary>serve: a re-check notification could not be delivered after its retries; it is tried again at the next re-check (warning).</summary>
    public const string RecheckNotificationFailed = "SG1073";

    /// <summary>serve: the Kubernetes API could not be read (no answer, an error status, a timeout, an unreadable token); running pods are not listed this time (warning).</summary>
    public const string KubernetesApiFailed = "SG1074";

    /// <summary>serve: the Kubernetes API answered a pod list that cannot be read (not JSON, not a PodList, too large); running pods are not listed this time (warning).</summary>
    public const string KubernetesPodListInvalid = "SG1075";

    /// <summary>serve: the running pods exceed the listing bound (<c>spec.recheck.kubernetes.maxPods</c>); the rest are not in the inventory this time (warning).</summary>
    public const string KubernetesPodListTruncated = "SG1076";

    /// <summary>serve: a running pod's image or a static image did not pass verification or judgement, so it is not in the inventory (warning).</summary>
    public const string InventoryImageNotAdmitted = "SG1077";

    /// <summary>serve: running pods are to be listed but no Kubernetes API is configured (neither in-cluster nor <c>--kube-api</c> and <c>--kube-token-file</c>), or a --kube-* option is invalid.</summary>
    public const string KubernetesApiNotConfigured = "SG1078";

    /// <summary>serve: the advisory store artifact of spec.recheck.advisorySource could not be checked or pulled (warning; the current store stays).</summary>
    public const string AdvisoryMirrorFailed = "SG1079";

    /// <summary>An input path does not exist or is of a kind SupplyGate cannot read.</summary>
    public const string InputNotFound = "SG2001";

    /// <summary>A configuration value (MSBuild property, option, environment variable) is invalid.</summary>
    public const string InvalidConfiguration = "SG2002";

    /// <summary>A solution file cannot be read.</summary>
    public const string SolutionInvalid = "SG2003";

    /// <summary>The task ran in an MSBuild other than the .NET SDK's.</summary>
    public const string UnsupportedMSBuild = "SG2004";

    /// <summary>A policy document is invalid (YAML syntax, unknown key, wrong type); message has line and column.</summary>
    public const string PolicyInvalid = "SG2005";

    /// <summary>A VEX document (OpenVEX or CycloneDX VEX) is invalid.</summary>
    public const string VexInvalid = "SG2006";

    /// <summary>An unknown or unsupported ecosystem or import kind was named.</summary>
    public const string UnknownEcosystem = "SG2007";

    /// <summary>A digest string is malformed.</summary>
    public const string InvalidDigest = "SG2008";

    /// <summary>An input path names a FIFO, a device, a socket, a directory or a loop of symbolic links where a regular file is needed.</summary>
    public const string InputNotRegularFile = "SG2010";

    /// <summary>An input file, or one JSON string in it, is larger than its limit (docs/limits.md says how to raise it).</summary>
    public const string InputTooLarge = "SG2011";

    /// <summary>An output path is empty, or names one of the command's inputs (which would be overwritten).</summary>
    public const string OutputPathInvalid = "SG2012";

    /// <summary>verify-bundle or check --bundle: the artifact, signer (identity or key) or trusted-root arguments are missing, conflicting or unreadable.</summary>
    public const string BundleArgumentsInvalid = "SG2035";

    /// <summary>attestations download: the output directory exists and is not empty, or cannot be written.</summary>
    public const string DownloadOutputInvalid = "SG2036";

    /// <summary>The native SQLite library (e_sqlite3) cannot be loaded on this platform: an incomplete install or an unsupported runtime identifier.</summary>
    public const string SqliteUnavailable = "SG2049";

    /// <summary>serve: the admission configuration (AdmissionConfig YAML) is invalid; the message names the file, line, column and field.</summary>
    public const string AdmissionConfigInvalid = "SG2050";

    /// <summary>serve: the request is not a readable admission.k8s.io/v1 AdmissionReview (malformed JSON, wrong kind or version, too large).</summary>
    public const string AdmissionReviewInvalid = "SG2051";

    /// <summary>serve: no <c>spec.images</c> rule matches the image and <c>unmatched</c> is deny (or warn).</summary>
    public const string AdmissionImageUnmatched = "SG2052";

    /// <summary>serve: the TLS certificate or key (or a listen address) is missing, unreadable or does not fit together.</summary>
    public const string ServeArgumentsInvalid = "SG2053";

    /// <summary>sbom image / check image on an index of several platforms: the output is one document per platform, so it needs files (--output) or one --platform.</summary>
    public const string ImagePlatformsNeedFiles = "SG2060";

    /// <summary>sign, attest, verify or SignImage: a per-platform argument is malformed, names a platform the index lacks, or leaves one of its platforms out.</summary>
    public const string PlatformArgumentInvalid = "SG2070";

    /// <summary>Something unexpected failed inside SupplyGate (a bug: please report it).</summary>
    public const string InternalError = "SG2999";

    /// <summary>A known vulnerability of unknown severity.</summary>
    public const string AdvisoryUnknown = "SG3000";

    /// <summary>A known vulnerability of low severity.</summary>
    public const string AdvisoryLow = "SG3001";

    /// <summary>A known vulnerability of medium (moderate) severity.</summary>
    public const string AdvisoryMedium = "SG3002";

    /// <summary>A known vulnerability of high severity.</summary>
    public const string AdvisoryHigh = "SG3003";

    /// <summary>A known vulnerability of critical severity.</summary>
    public const string AdvisoryCritical = "SG3004";

    /// <summary>Advisory data is missing or older than the policy's maxAge: no verdict is possible (exit 3).</summary>
    public const string AdvisoryDataStale = "SG3005";

    /// <summary>A component's license is denied by policy.</summary>
    public const string LicenseDenied = "SG4001";

    /// <summary>A component's license is missing or not on the allow list.</summary>
    public const string LicenseUnknown = "SG4002";

    /// <summary>A package is denied by policy (purl pattern and version range).</summary>
    public const string PackageDenied = "SG4003";

    /// <summary>The .NET runtime in the app is end-of-life.</summary>
    public const string RuntimeEndOfLife = "SG4004";

    /// <summary>A suppression has expired and no longer applies.</summary>
    public const string SuppressionExpired = "SG4005";

    /// <summary>The image's base comes from a registry or repository the policy does not allow.</summary>
    public const string BaseImageNotAllowed = "SG4006";

    /// <summary>The image's base is referenced by tag, not pinned by digest.</summary>
    public const string BaseImageNotPinned = "SG4007";

    /// <summary>The image runs as root (config <c>User</c> empty, <c>root</c> or uid 0).</summary>
    public const string ImageRunsAsRoot = "SG4008";

    /// <summary>The image's base was built longer ago than the policy's maximum age.</summary>
    public const string BaseImageTooOld = "SG4009";

    /// <summary>An OS package in the image is denied by policy (name pattern and version range).</summary>
    public const string OsPackageDenied = "SG4010";

    /// <summary>A secret (private key, token, password …) was found in the published files or the image.</summary>
    public const string SecretFound = "SG4011";

    /// <summary>A framework-dependent app: the runtime patch its hosts must run to have every known runtime CVE of the channel fixed (one per channel).</summary>
    public const string RuntimeHostPatch = "SG4015";

    /// <summary>A development settings file (<c>appsettings.Development.json</c>) ships in the publish output (warning).</summary>
    public const string DevelopmentSettingsShipped = "SG4016";

    /// <summary>A package's license file matches no known SPDX license text and the policy does not name its <c>LicenseRef-</c>.</summary>
    public const string LicenseFileUnidentified = "SG4020";

    /// <summary>A component belongs to a library line whose upstream support ended (AngularJS 1.x, Bootstrap 3 and 4): rule packages.end-of-life.</summary>
    public const string ComponentEndOfLife = "SG4025";

    /// <summary>A multi-platform container publish: the gate denied one platform image (the message names it); nothing of the index is signed.</summary>
    public const string ImagePlatformDenied = "SG4030";

    /// <summary>An attestation input (Sigstore bundle, DSSE envelope, in-toto statement) is malformed or of an unknown media type.</summary>
    public const string AttestationMalformed = "SG5001";

    /// <summary>A Sigstore <c>trusted_root.json</c> is malformed or of an unsupported media type.</summary>
    public const string TrustedRootInvalid = "SG5002";

    /// <summary>A signing key or certificate cannot be loaded (format, password, algorithm, or key/certificate mismatch).</summary>
    public const string SigningKeyInvalid = "SG5003";

    /// <summary>The DSSE signature does not verify, or the envelope does not carry exactly one signature.</summary>
    public const string SignatureInvalid = "SG5004";

    /// <summary>The signing certificate does not chain to a trusted certificate authority at the signing time.</summary>
    public const string CertificateNotTrusted = "SG5005";

    /// <summary>The signing certificate or an intermediate does not allow code signing (EKU).</summary>
    public const string CertificateUsageInvalid = "SG5006";

    /// <summary>The signing certificate's identity (SAN URI or email) does not match the expected identity.</summary>
    public const string IdentityMismatch = "SG5007";

    /// <summary>No subject of the attested in-toto statement carries the expected sha256 digest (wrong image, or a replayed bundle).</summary>
    public const string SubjectDigestMismatch = "SG5008";

    /// <summary>The DSSE envelope's payloadType is not application/vnd.in-toto+json.</summary>
    public const string PayloadTypeInvalid = "SG5009";

    /// <summary>The attested statement's predicateType is not the one required.</summary>
    public const string PredicateTypeMismatch = "SG5010";

    /// <summary>The Sigstore bundle's mediaType is not a known bundle version (v0.1 to v0.3).</summary>
    public const string BundleMediaTypeUnknown = "SG5011";

    /// <summary>A transparency log (Rekor) entry does not verify: its inclusion proof, checkpoint or inclusion promise (SET) signature, or its integrated time.</summary>
    public const string TransparencyLogEntryInvalid = "SG5012";

    /// <summary>A transparency log entry's body does not describe this bundle (other signature, certificate, artifact or envelope).</summary>
    public const string TransparencyLogEntryMismatch = "SG5013";

    /// <summary>A transparency log entry names a log that is not in the trusted root's tlogs, or whose key was not valid at the entry's integrated time.</summary>
    public const string TransparencyLogNotTrusted = "SG5014";

    /// <summary>
    /// Retired: was "a transparency log entry uses a log key or entry type SupplyGate cannot verify" (Rekor v2 Ed25519
    /// logs). Rekor v2 entries now verify; an unknown log key type is SG5012, an unknown entry kind SG5013. Never reuse
    /// this number: older reports and scripts may still match it.
    /// </summary>
    public const string TransparencyLogUnsupported = "SG5015";

    /// <summary>check --bundle: the bundle verified, but the SBOM being judged is not what it attests (neither its subject nor its signed predicate).</summary>
    public const string AttestedSbomMismatch = "SG5016";

    /// <summary>The trusted root lists certificate transparency logs, and no signed certificate timestamp (SCT) of the signing certificate verifies with them.</summary>
    public const string CertificateTransparencyInvalid = "SG5017";

    /// <summary>serve: the image has no attestation of a required type (an unsigned image); denied in enforce mode.</summary>
    public const string AdmissionNoAttestation = "SG5020";

    /// <summary>serve: the image's attestations were found but none verifies (signature, chain, identity, subject); the message carries the failed check's own code.</summary>
    public const string AdmissionVerificationFailed = "SG5021";

    /// <summary>serve: the attested SBOM, judged with the current advisories and the rule's policy, is denied; the message names the first violation's code.</summary>
    public const string AdmissionPolicyDenied = "SG5022";

    /// <summary>verify or serve: a platform image of an index has no verified attestation of a required type (an unsigned platform).</summary>
    public const string PlatformNotAttested = "SG5040";

    /// <summary>verify or serve: the index has no verified platform list, or its platforms differ from the signed list (a platform added, removed or replaced after signing).</summary>
    public const string PlatformListMismatch = "SG5041";

    /// <summary>verify or serve: a platform the policy requires (<c>spec.image.platforms</c>) is not in the index.</summary>
    public const string RequiredPlatformMissing = "SG5042";

    /// <summary>No RFC 3161 timestamp was supplied where one is required.</summary>
    public const string TimestampMissing = "SG5101";

    /// <summary>The timestamp's messageImprint is not the hash of the signature bytes it should cover.</summary>
    public const string TimestampImprintMismatch = "SG5102";

    /// <summary>The timestamp was signed by a TSA that is not in the trusted root's timestampAuthorities, or whose chain does not verify at genTime.</summary>
    public const string TimestampAuthorityNotTrusted = "SG5103";

    /// <summary>The timestamp token's CMS signature, or its ESS signing-certificate binding, does not verify.</summary>
    public const string TimestampSignatureInvalid = "SG5104";

    /// <summary>Asking the timestamp authority failed (network, HTTP status, content type, or an unusable reply).</summary>
    public const string TimestampRequestFailed = "SG5105";

    /// <summary>The timestamp is not a well-formed RFC 3161 TimeStampResp or TimeStampToken.</summary>
    public const string TimestampMalformed = "SG5106";

    /// <summary>The TimeStampResp's PKIStatus is not granted (the TSA refused or deferred the request).</summary>
    public const string TimestampNotGranted = "SG5107";

    /// <summary>The TSA certificate lacks the critical extended key usage id-kp-timeStamping (RFC 3161 §2.3).</summary>
    public const string TimestampAuthorityUsageInvalid = "SG5108";

    /// <summary>The timestamp's genTime lies outside the trusted root's validFor window for that TSA.</summary>
    public const string TimestampOutsideAuthorityValidity = "SG5109";
}

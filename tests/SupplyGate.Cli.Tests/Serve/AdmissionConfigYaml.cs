namespace SupplyGate.Cli.Tests.Serve;

/// <summary>
/// The admission config the serve tests start from: one rule for every image of the test registry, trusting the
/// test CA's GitHub-style identities, the default policy, unmatched images denied.
/// </summary>
internal static class AdmissionConfigYaml
{
    /// <summary>
    /// Writes the config to <paramref name="path"/>. <paramref name="specExtra"/> is appended to <c>spec</c> (lines
    /// indented by two spaces), <paramref name="ruleExtra"/> to the rule (lines indented by four).
    /// </summary>
    public static string Write(string path, string registryHost, string trustedRoot, string specExtra = "", string ruleExtra = "")
    {
        File.WriteAllText(path, $"""
            apiVersion: supplygate.dev/v1alpha1
            kind: AdmissionConfig
            spec:
              images:
                - match: "{registryHost}/**"
                  trustedRoot: {trustedRoot}
                  certificateIdentityRegexp: "https://github\\.com/acme/.*"
                  policy: default
            {ruleExtra}
              unmatched: deny
            {specExtra}
            """);
        return path;
    }
}

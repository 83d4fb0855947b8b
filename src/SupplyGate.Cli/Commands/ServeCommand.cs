using System.CommandLine;
using System.Globalization;
using System.Net;
using SupplyGate.Cli.Hosting;
using SupplyGate.Cli.Serve;
using SupplyGate.Core.Admission;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Cli.Commands;

/// <summary>
/// <c>supplygate serve</c>: the runtime side of the gate, a Kubernetes admission webhook over the same engine as
/// <c>verify</c> (docs/serve.md). This type only translates the command line; <see cref="ServeHost"/> runs it.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var config = new Option<string>("--config") { Description = "The AdmissionConfig YAML (apiVersion supplygate.dev/v1alpha1), see docs/serve.md.", Required = true };
        var listen = new Option<string>("--listen") { Description = "HOST:PORT for HTTPS (/validate, /mutate, /healthz, /readyz); port 0 picks a free one.", Required = true };
        var cert = new Option<string>("--tls-cert") { Description = "PEM certificate (chain) for HTTPS; reloaded when the file changes.", Required = true };
        var key = new Option<string>("--tls-key") { Description = "PEM private key of --tls-cert.", Required = true };
        var metrics = new Option<string?>("--metrics-listen") { Description = "HOST:PORT for plain-HTTP GET /metrics (Prometheus text format)." };
        var kubeApi = new Option<string?>("--kube-api") { Description = "Kubernetes API server URL for listing running pods (spec.recheck.kubernetes); default: the in-cluster service account." };
        var kubeToken = new Option<string?>("--kube-token-file") { Description = "Bearer token file for --kube-api (re-read at every poll)." };
        var kubeCa = new Option<string?>("--kube-ca") { Description = "PEM CA that issued the --kube-api server certificate." };
        var command = new Command(
            "serve",
            "Run the admission webhook: verify and judge every image a workload would run, re-check admitted images when advisories change, export Prometheus metrics. Runs until SIGTERM or Ctrl-C.\n\n"
            + "Example:\n  supplygate serve --config admission.yaml --listen 0.0.0.0:8443 --tls-cert tls.crt --tls-key tls.key --metrics-listen 0.0.0.0:9090")
        {
            config, listen, cert, key, metrics, kubeApi, kubeToken, kubeCa,
        };
        command.SetAction(async (parseResult, cancellationToken) => (int)await context.RunAsync(() =>
        {
            var endpoints = new ServeEndpoints(
                Endpoint(parseResult.GetValue(listen)!, "--listen"),
                parseResult.GetValue(metrics) is { } m ? Endpoint(m, "--metrics-listen") : null,
                ExistingFile(context.ResolvePath(parseResult.GetValue(cert))!, "--tls-cert"),
                ExistingFile(context.ResolvePath(parseResult.GetValue(key))!, "--tls-key"));
            AdmissionConfig loaded = AdmissionConfigReader.Load(context.ResolvePath(parseResult.GetValue(config))!);
            KubernetesConnection? kubernetes = null;
            if (loaded.Kubernetes.Enabled)
            {
                kubernetes = KubernetesConnection.Resolve(parseResult.GetValue(kubeApi), context.ResolvePath(parseResult.GetValue(kubeToken)), context.ResolvePath(parseResult.GetValue(kubeCa)), context.Environment.GetVariable)
                    ?? throw new InvalidInputException(DiagnosticCode.KubernetesApiNotConfigured, $"{loaded.Source}: spec.recheck.kubernetes.enabled is true, but the service runs outside a pod (no KUBERNETES_SERVICE_HOST or service-account token): give --kube-api and --kube-token-file", loaded.Source);
            }

            return ServeHost.RunAsync(context, loaded, endpoints, kubernetes, cancellationToken);
        }).ConfigureAwait(false));
        return command;
    }

    /// <summary>HOST:PORT with an IP address or <c>localhost</c> as host (<c>[::]:8443</c> for IPv6).</summary>
    internal static IPEndPoint Endpoint(string value, string option)
    {
        int colon = value.LastIndexOf(':');
        string host = colon > 0 ? value[..colon].Trim('[', ']') : string.Empty;
        string port = colon > 0 ? value[(colon + 1)..] : string.Empty;
        IPAddress? address = host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out IPAddress? parsed) ? parsed : null;
        if (address is null || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number > 65535)
        {
            throw new InvalidInputException(DiagnosticCode.ServeArgumentsInvalid, $"{option} '{value}': expected HOST:PORT with an IP address or localhost, e.g. 0.0.0.0:8443");
        }

        return new IPEndPoint(address, number);
    }

    private static string ExistingFile(string path, string option) =>
        File.Exists(path)
            ? Path.GetFullPath(path)
            : throw new InvalidInputException(DiagnosticCode.ServeArgumentsInvalid, $"{option} '{path}': no such file (a PEM file; in a cluster, mount the webhook's TLS secret)", path);
}

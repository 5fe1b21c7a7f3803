using k8s;
using k8s.Models;

namespace Turtle.Deploy.Tests;

/// <summary>
/// Each DC's overlay is rendered by <c>kubectl kustomize</c> (offline: kubectl's own validation needs an API server,
/// which there is none of here) and every object read strictly into the typed Kubernetes API models of the
/// KubernetesClient package, generated from the Kubernetes OpenAPI schema: an unknown field, a duplicate key, a wrong
/// type or an unknown kind fails. Then what matters to operators is checked on the typed objects.
/// </summary>
public sealed class KubernetesManifestTests
{
    public static TheoryData<string> Dcs() => new("dc1", "dc2", "dc3");

    [Theory]
    [MemberData(nameof(Dcs))]
    public async Task The_overlay_renders_to_valid_objects_with_probes_limits_and_unprivileged_pods(string dc)
    {
        var objects = await RenderAsync(dc);

        var silos = Assert.Single(objects.OfType<V1StatefulSet>());
        Assert.Equal(dc == "dc3" ? 1 : 2, silos.Spec.Replicas);
        Assert.Equal("RollingUpdate", silos.Spec.UpdateStrategy.Type);
        var silo = Assert.Single(silos.Spec.Template.Spec.Containers);
        Assert.Equal("/health/live", silo.LivenessProbe.HttpGet.Path);
        Assert.Equal("/health/live", silo.StartupProbe.HttpGet.Path);
        Assert.Equal("/health/ready", silo.ReadinessProbe.HttpGet.Path);
        AssertLimited(silo);
        AssertUnprivileged(silos.Spec.Template.Spec, silo);
        Assert.True(silo.SecurityContext.ReadOnlyRootFilesystem);

        var configMaps = objects.OfType<V1ConfigMap>().ToList();
        var settings = Assert.Single(configMaps, c => c.Metadata.Name.StartsWith("turtle-silo-config-", StringComparison.Ordinal)).Data;
        Assert.Equal(dc, settings["Turtle__Dc"]);
        Assert.Equal(dc == "dc3" ? "observer" : "active", settings["Turtle__Role"]);
        Assert.Contains(silo.EnvFrom, e => e.ConfigMapRef?.Name == "turtle-silo-config-" + configMaps.First(c => c.Metadata.Name.StartsWith("turtle-silo-config-", StringComparison.Ordinal)).Metadata.Name["turtle-silo-config-".Length..]);

        // Secrets are referenced (made by the operator), and what the settings point at is mounted from them.
        Assert.Contains(silo.Env, e => e.Name == "ConnectionStrings__Turtle" && e.ValueFrom.SecretKeyRef.Name == "turtle-db");
        var tls = Assert.Single(silos.Spec.Template.Spec.Volumes, v => v.Secret?.SecretName == "turtle-tls");
        var mount = Assert.Single(silo.VolumeMounts, m => m.Name == tls.Name).MountPath;
        Assert.StartsWith(mount + "/", settings["Turtle__Networking__Tls__CertificatePath"]);
        Assert.StartsWith(mount + "/", settings["Turtle__Networking__Tls__CaCertificatePath"]);
        Assert.DoesNotContain(objects, o => o is V1Secret);

        var collectors = Assert.Single(objects.OfType<V1DaemonSet>());
        var collector = Assert.Single(collectors.Spec.Template.Spec.Containers);
        AssertLimited(collector);
        AssertUnprivileged(collectors.Spec.Template.Spec, collector);
        Assert.Contains(collector.VolumeMounts, m => m.MountPath == "/host/proc" && m.ReadOnlyProperty == true);

        Assert.Contains(objects.OfType<V1Service>(), s => s.Spec.ClusterIP == "None");
        Assert.Equal("1", Assert.Single(objects.OfType<V1PodDisruptionBudget>()).Spec.MaxUnavailable.Value);
        Assert.Single(objects.OfType<V1NetworkPolicy>());
        Assert.All(objects.OfType<IKubernetesObject<V1ObjectMeta>>(), o => Assert.Equal("turtle", o.Metadata.NamespaceProperty));
    }

    [Fact]
    public void A_misspelt_field_or_a_wrong_type_is_refused()
    {
        var text = File.ReadAllText(Repository.Path("deploy", "kubernetes", "base", "silo-statefulset.yaml"));
        Assert.Single(KubernetesYaml.LoadAllFromString(text, null, strict: true));

        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(text.Replace("  replicas: 2", "  replica: 2", StringComparison.Ordinal), null, strict: true));
        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(text.Replace("  replicas: 2", "  replicas: two", StringComparison.Ordinal), null, strict: true));
        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(text.Replace("readinessProbe:", "readynessProbe:", StringComparison.Ordinal), null, strict: true));
    }

    private static void AssertLimited(V1Container container)
    {
        Assert.True(container.Resources.Limits.ContainsKey("cpu"), $"{container.Name}: cpu limit");
        Assert.True(container.Resources.Limits.ContainsKey("memory"), $"{container.Name}: memory limit");
        Assert.True(container.Resources.Requests.ContainsKey("memory"), $"{container.Name}: memory request");
    }

    private static void AssertUnprivileged(V1PodSpec pod, V1Container container)
    {
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.NotEqual(0, pod.SecurityContext.RunAsUser);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.Contains("ALL", container.SecurityContext.Capabilities.Drop);
        Assert.False(pod.AutomountServiceAccountToken);
    }

    private static async Task<List<object>> RenderAsync(string dc)
    {
        var (exitCode, output, error) = await Repository.RunAsync(Repository.Tool("kubectl", "kubectl"), "kustomize", Repository.Path("deploy", "kubernetes", "overlays", dc));
        Assert.True(exitCode == 0, $"kubectl kustomize {dc}: {error}");
        return KubernetesYaml.LoadAllFromString(output, null, strict: true);
    }
}

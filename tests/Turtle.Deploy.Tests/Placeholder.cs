public class Placeholder { [Fact] public void X() { var o = k8s.KubernetesYaml.LoadAllFromString("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", null, strict: true); Assert.Single(o); } }

using System.Reflection;
using System.Runtime.Loader;
using Turtle.Actors.Hosting;

namespace Turtle.Silo.Clustering;

/// <summary>
/// Loads extra grain assemblies named in <c>Turtle:GrainAssemblies</c> (file paths; environment variables
/// <c>Turtle__GrainAssemblies__0=/opt/grains/MyGrains.dll</c>), so operators can host their own grains in the stock silo.
/// </summary>
public static class GrainAssemblyLoading
{
    public const string Setting = "Turtle:GrainAssemblies";

    public static ISiloBuilder AddConfiguredGrainAssemblies(this ISiloBuilder silo, IConfiguration configuration)
    {
        foreach (var path in configuration.GetSection(Setting).Get<string[]>() ?? [])
        {
            var fullPath = Path.GetFullPath(path);
            if (!File.Exists(fullPath))
            {
                throw new FileNotFoundException($"{Setting} names '{path}', which does not exist.", fullPath);
            }

            silo.AddGrainAssembly(Load(fullPath));
        }

        return silo;
    }

    private static Assembly Load(string path)
    {
        var name = AssemblyName.GetAssemblyName(path);
        // An assembly the silo already has (Turtle.Actors.Abstractions, say) must not load twice under two identities.
        return AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), name))
               ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
    }
}

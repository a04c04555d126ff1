namespace Pit.Engine.Runs;

/// <summary>Copies a folder tree as it is (a rerun's copy of the data folder it reruns): files, sub-folders, and symbolic links as links.</summary>
public static class FolderCopy
{
    /// <summary>Copies everything in <paramref name="source"/> into <paramref name="target"/> (created); nothing when the source does not exist.</summary>
    public static void Copy(string source, string target)
    {
        Directory.CreateDirectory(target);
        var folder = new DirectoryInfo(source);
        if (!folder.Exists) return;
        foreach (var entry in folder.EnumerateFileSystemInfos())
        {
            var destination = Path.Combine(target, entry.Name);
            if (entry.LinkTarget is { } link) File.CreateSymbolicLink(destination, link);
            else if (entry is DirectoryInfo directory) Copy(directory.FullName, destination);
            else if (entry is FileInfo file) file.CopyTo(destination, overwrite: true);
        }
    }
}

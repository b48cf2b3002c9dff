// Each test builds a project with the dotnet CLI (2 cores): one at a time.
[assembly: Microsoft.VisualStudio.TestTools.UnitTesting.DoNotParallelize]

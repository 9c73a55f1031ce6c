namespace OpenAI.PowerShell.Hosted.Tests.Binding;

/// <summary>
/// What users pipe into each cmdlet. Inputs come from <see cref="BindingMatrixTests.Setup"/>:
/// $u/$u2 are uploads with parts $parts/$parts2, $done a completed upload whose File is $file,
/// ./data.bin and ./we[ird].bin are files, and the *.xml/*.csv files are the module's own
/// objects exported with Export-Clixml and Export-Csv.
/// </summary>
public static class BindingMatrix
{
    private const string Complete = "Complete-OAIUpload";
    private const string Stop = "Stop-OAIUpload";
    private const string Add = "Add-OAIUploadPart";
    private const string NewUpload = "New-OAIUpload";
    private const string Send = "Send-OAIFile";
    private const string Edit = "New-OAIImageEdit";
    private const string GetFile = "Get-OAIFile";
    private const string RemoveFile = "Remove-OAIFile";
    private const string SaveFile = "Save-OAIFile";
    private const string StartBatch = "Start-OAIBatch";
    private const string WaitBatch = "Wait-OAIBatch";
    private const string ReceiveBatch = "Receive-OAIBatch";
    private const string StopBatch = "Stop-OAIBatch";
    private const string GetBatch = "Get-OAIBatch";

    public static IEnumerable<BindingRow> Rows { get; } = new BindingRow[]
    {
        new(Complete, "UploadParts in order", "$parts | Complete-OAIUpload -WhatIf", "Part"),
        new(Complete, "UploadParts out of order", "$parts[2], $parts[0], $parts[1] | Complete-OAIUpload -WhatIf", "Part"),
        new(Complete, "UploadParts of two uploads", "@($parts) + @($parts2) | Complete-OAIUpload -WhatIf", "Part"),
        new(Complete, "an Upload", "$u | Complete-OAIUpload -WhatIf", "Upload"),
        new(Complete, "an upload id string", "$u.Id | Complete-OAIUpload -WhatIf", "UploadId"),
        new(Complete, "UploadParts from Import-Clixml", "Import-Clixml ./parts.xml | Complete-OAIUpload -WhatIf", "Part"),
        new(Complete, "an Upload from Import-Clixml", "Import-Clixml ./u.xml | Complete-OAIUpload -WhatIf", "Upload"),
        new(Complete, "Import-Csv rows of UploadParts (Id, UploadId)", "Import-Csv ./parts.csv | Complete-OAIUpload -WhatIf", "Part"),
        new(Complete, "Import-Csv rows of Uploads (Id)", "Import-Csv ./u.csv | Complete-OAIUpload -WhatIf", "Upload"),
        new(Complete, "an OpenAIFile", "$file | Complete-OAIUpload", null),
        new(Complete, "a [pscustomobject] with Id and FileName", "[pscustomobject]@{ Id = $u.Id; FileName = 'data.bin' } | Complete-OAIUpload", null),
        new(Complete, "a [pscustomobject] with UploadId", "[pscustomobject]@{ UploadId = $u.Id } | Complete-OAIUpload", null),
        new(Complete, "a FileInfo from Get-Item", "Get-Item ./data.bin | Complete-OAIUpload", null),

        new(Stop, "an Upload", "$u | Stop-OAIUpload -WhatIf", "Upload"),
        new(Stop, "an upload id string", "$u.Id | Stop-OAIUpload -WhatIf", "UploadId"),
        new(Stop, "an UploadPart (its UploadId)", "$parts[0] | Stop-OAIUpload -WhatIf", "UploadId"),
        new(Stop, "an Upload from Import-Clixml", "Import-Clixml ./u.xml | Stop-OAIUpload -WhatIf", "Upload"),
        new(Stop, "Import-Csv rows of Uploads (Id)", "Import-Csv ./u.csv | Stop-OAIUpload -WhatIf", "Upload"),
        new(Stop, "Import-Csv rows of UploadParts (UploadId)", "Import-Csv ./parts.csv | Stop-OAIUpload -WhatIf", "UploadId"),
        new(Stop, "a [pscustomobject] with Id and FileName", "[pscustomobject]@{ Id = $u.Id; FileName = 'data.bin' } | Stop-OAIUpload -Confirm:$false", null),
        new(Stop, "an OpenAIFile", "$file | Stop-OAIUpload -Confirm:$false", null),
        new(Stop, "a FileInfo from Get-Item", "Get-Item ./data.bin | Stop-OAIUpload -Confirm:$false", null),
        new(Stop, "a number", "42 | Stop-OAIUpload -Confirm:$false", null),

        new(Add, "a ,[byte[]] chunk", ",[IO.File]::ReadAllBytes(\"$PWD/data.bin\") | Add-OAIUploadPart -Upload $u2 -WhatIf", "InputObject"),
        new(Add, "Get-Content -AsByteStream -ReadCount chunks (object[])", "Get-Content -LiteralPath ./data.bin -AsByteStream -ReadCount 1000 | Add-OAIUploadPart -Upload $u2 -WhatIf", "InputObject"),
        new(Add, "unrolled bytes", "[IO.File]::ReadAllBytes(\"$PWD/data.bin\")[0..9] | Add-OAIUploadPart -Upload $u2 -WhatIf", "InputObject"),
        new(Add, "a FileInfo from Get-Item", "Get-Item ./data.bin | Add-OAIUploadPart -Upload $u2 -WhatIf", "LiteralPath"),
        new(Add, "a FileInfo named with [ from Get-ChildItem", "Get-ChildItem -Filter 'we*' | Add-OAIUploadPart -Upload $u2 -WhatIf", "LiteralPath"),
        new(Add, "an Upload from New-OAIUpload, with -Path", "$u2 | Add-OAIUploadPart -Path ./data.bin -WhatIf", "Upload"),
        new(Add, "an Upload from Import-Clixml, with -Path", "Import-Clixml ./u.xml | Add-OAIUploadPart -Path ./data.bin -WhatIf", "Upload"),
        new(Add, "Import-Csv rows with FullName", "Get-Item ./data.bin | Select-Object FullName | Export-Csv ./f.csv; Import-Csv ./f.csv | Add-OAIUploadPart -Upload $u2 -WhatIf", "LiteralPath"),
        new(Add, "a string, with -Upload", "'hello' | Add-OAIUploadPart -Upload $u2", null),
        new(Add, "a numeric string, with -Upload", "'12' | Add-OAIUploadPart -Upload $u2", null),
        new(Add, "numbers that are not bytes, with -Upload", "1..3 | Add-OAIUploadPart -Upload $u2", null),
        new(Add, "a [pscustomobject], with -Upload", "[pscustomobject]@{ Name = 'x' } | Add-OAIUploadPart -Upload $u2", null),

        new(NewUpload, "a path string", "'./data.bin' | New-OAIUpload -Purpose batch -WhatIf", "Path"),
        new(NewUpload, "a FileInfo from Get-Item", "Get-Item ./data.bin | New-OAIUpload -Purpose batch -WhatIf", "Path"),
        new(NewUpload, "a FileInfo named with [ from Get-ChildItem", "Get-ChildItem -Filter 'we*' | New-OAIUpload -Purpose batch -WhatIf", "Path"),
        new(NewUpload, "Import-Csv rows with FullName", "Get-Item ./data.bin | Select-Object FullName | Export-Csv ./f.csv; Import-Csv ./f.csv | New-OAIUpload -Purpose batch -WhatIf", "LiteralPath"),
        new(NewUpload, "an Upload", "$u | New-OAIUpload -Purpose batch", null),
        new(NewUpload, "a [pscustomobject]", "[pscustomobject]@{ Name = 'data.bin' } | New-OAIUpload -Purpose batch", null),

        new(Send, "a path string", "'./data.bin' | Send-OAIFile -Purpose batch -WhatIf", "Path"),
        new(Send, "a FileInfo from Get-Item", "Get-Item ./data.bin | Send-OAIFile -Purpose batch -WhatIf", "Path"),
        new(Send, "a FileInfo named with [ from Get-ChildItem", "Get-ChildItem -Filter 'we*' | Send-OAIFile -Purpose batch -WhatIf", "Path"),
        new(Send, "Import-Csv rows with FullName", "Get-Item ./data.bin | Select-Object FullName | Export-Csv ./f.csv; Import-Csv ./f.csv | Send-OAIFile -Purpose batch -WhatIf", "LiteralPath"),
        new(Send, "an Upload", "$u | Send-OAIFile -Purpose batch", null),
        new(Send, "a [pscustomobject]", "[pscustomobject]@{ Name = 'data.bin' } | Send-OAIFile -Purpose batch", null),

        new(Edit, "a path string", "'./data.bin' | New-OAIImageEdit -Prompt 'x' -WhatIf", "Image"),
        // PowerShell 7.6 gives files a Size property (their length): it binds by name, and is ignored as a number.
        new(Edit, "a FileInfo from Get-Item", "Get-Item ./data.bin | New-OAIImageEdit -Prompt 'x' -WhatIf", "Image,Size"),
        new(Edit, "a FileInfo, as a batch line", "Get-Item ./data.bin | New-OAIImageEdit -Prompt 'x' -AsBatch -WhatIf", "Image,Size"),
        new(Edit, "a FileInfo, with a script block for -CustomId", "Get-Item ./data.bin | New-OAIImageEdit -Prompt 'x' -AsBatch -CustomId { $_.BaseName + '-edit' } -WhatIf", "Image,Size,CustomId"),
        new(Edit, "Import-Csv rows with Path and Prompt", "[pscustomobject]@{ Path = './data.bin'; Prompt = 'x' } | Export-Csv ./e.csv; Import-Csv ./e.csv | New-OAIImageEdit -AsBatch -WhatIf", "Image,Prompt"),
        new(Edit, "Import-Csv rows with every per-edit column", "[pscustomobject]@{ Path = './data.bin'; Prompt = 'x'; Mask = ''; Size = '1024x1024'; Quality = 'high'; Background = 'auto'; OutputFormat = 'webp'; OutputCompression = '80'; N = '2'; Model = 'gpt-image-2'; InputFidelity = 'high'; CustomId = 'row-1' } | Export-Csv ./e.csv; Import-Csv ./e.csv | New-OAIImageEdit -AsBatch -WhatIf",
            "Image,Prompt,Mask,Size,Quality,Background,OutputFormat,OutputCompression,N,Model,InputFidelity,CustomId"),
        new(Edit, "Import-Csv rows with FileId, MaskFileId and Prompt", "[pscustomobject]@{ FileId = 'file-abc'; MaskFileId = 'file-mask'; Prompt = 'x' } | Export-Csv ./e.csv; Import-Csv ./e.csv | New-OAIImageEdit -AsBatch -WhatIf", "FileId,MaskFileId,Prompt"),
        new(Edit, "Import-Csv rows with ImageUrl, MaskImageUrl and Prompt", "[pscustomobject]@{ ImageUrl = 'https://example.com/a.png'; MaskImageUrl = 'https://example.com/m.png'; Prompt = 'x' } | Export-Csv ./e.csv; Import-Csv ./e.csv | New-OAIImageEdit -AsBatch -WhatIf", "ImageUrl,MaskImageUrl,Prompt"),
        new(Edit, "a [pscustomobject] with FullName and Prompt", "[pscustomobject]@{ FullName = \"$PWD/data.bin\"; Prompt = 'x' } | New-OAIImageEdit -AsBatch -WhatIf", "LiteralPath,Prompt"),
        new(Edit, "a completed Upload", "$done | New-OAIImageEdit -Prompt 'x' -WhatIf", "Upload"),
        new(Edit, "an OpenAIFile", "$file | New-OAIImageEdit -Prompt 'x' -WhatIf", "File"),
        new(Edit, "an OpenAIFile from Import-Clixml", "Import-Clixml ./file.xml | New-OAIImageEdit -Prompt 'x' -WhatIf", "File"),
        new(Edit, "a [pscustomobject]", "[pscustomobject]@{ Id = 'file-1' } | New-OAIImageEdit -Prompt 'x'", null),

        new(GetFile, "a File id string", "$file.Id | Get-OAIFile", "FileId"),
        new(GetFile, "an OpenAIFile", "$file | Get-OAIFile", "FileId"),
        new(GetFile, "a completed Upload (its File)", "$done | Get-OAIFile", "FileId"),
        new(GetFile, "an OpenAIFile from Import-Clixml", "Import-Clixml ./file.xml | Get-OAIFile", "FileId"),
        new(GetFile, "a [pscustomobject] with Id", "[pscustomobject]@{ Id = $file.Id } | Get-OAIFile", null),
        new(GetFile, "a FileInfo from Get-Item", "Get-Item ./data.bin | Get-OAIFile", null),
        new(GetFile, "a number", "42 | Get-OAIFile", null),

        new(RemoveFile, "a File id string", "$file.Id | Remove-OAIFile -WhatIf", "FileId"),
        new(RemoveFile, "an OpenAIFile", "$file | Remove-OAIFile -WhatIf", "FileId"),
        new(RemoveFile, "a completed Upload (its File)", "$done | Remove-OAIFile -WhatIf", "FileId"),
        new(RemoveFile, "an UploadPart", "$parts[0] | Remove-OAIFile -WhatIf", null),
        new(RemoveFile, "a [pscustomobject] with Id", "[pscustomobject]@{ Id = $file.Id } | Remove-OAIFile -WhatIf", null),

        new(SaveFile, "a File id string", "$file.Id | Save-OAIFile -WhatIf", "FileId"),
        new(SaveFile, "an OpenAIFile", "$file | Save-OAIFile -WhatIf", "FileId"),
        new(SaveFile, "a completed Upload (its File)", "$done | Save-OAIFile -WhatIf", "FileId"),
        new(SaveFile, "a FileInfo from Get-Item", "Get-Item ./data.bin | Save-OAIFile -WhatIf", null),

        new(StartBatch, "a completed Upload (its File)", "$done | Start-OAIBatch -Endpoint /v1/embeddings -WhatIf", "InputFileId"),
        new(StartBatch, "an OpenAIFile", "$file | Start-OAIBatch -Endpoint /v1/embeddings -WhatIf", "InputFileId"),
        new(StartBatch, "a File id string", "$file.Id | Start-OAIBatch -Endpoint /v1/embeddings -WhatIf", "InputFileId"),
        new(StartBatch, "a FileInfo from Get-Item", "Get-Item ./data.bin | Start-OAIBatch -Endpoint /v1/embeddings -WhatIf", "LiteralPath"),
        new(StartBatch, "a hashtable request", "@{ custom_id = 'a'; body = @{} } | Start-OAIBatch -Endpoint /v1/embeddings -WhatIf", "InputObject"),
        new(StartBatch, "a [pscustomobject] request", "[pscustomobject]@{ custom_id = 'a'; body = @{} } | Start-OAIBatch -Endpoint /v1/embeddings -WhatIf", "InputObject"),
        new(StartBatch, "an UploadPart", "$parts[0] | Start-OAIBatch -Endpoint /v1/embeddings -WhatIf", null),
        new(StartBatch, "a number", "42 | Start-OAIBatch -Endpoint /v1/embeddings -WhatIf", null),

        new(WaitBatch, "a batch id string", "'batch_x' | Wait-OAIBatch -Timeout 1", "BatchId"),
        new(WaitBatch, "an OpenAIFile", "$file | Wait-OAIBatch -Timeout 1", null),
        new(WaitBatch, "a [pscustomobject] with Id", "[pscustomobject]@{ Id = 'batch_x' } | Wait-OAIBatch -Timeout 1", null),
        new(ReceiveBatch, "a batch id string", "'batch_x' | Receive-OAIBatch", "BatchId"),
        new(ReceiveBatch, "an Upload", "$u | Receive-OAIBatch", null),
        new(StopBatch, "a batch id string", "'batch_x' | Stop-OAIBatch -WhatIf", "BatchId"),
        new(StopBatch, "an OpenAIFile", "$file | Stop-OAIBatch -WhatIf", null),
        new(GetBatch, "a batch id string", "'batch_x' | Get-OAIBatch", "BatchId"),
        new(GetBatch, "a FileInfo from Get-Item", "Get-Item ./data.bin | Get-OAIBatch", null),

        new("Set-OAIContext", "a string", "'x' | Set-OAIContext", null),
        new("Get-OAIContext", "a string", "'x' | Get-OAIContext", null),
    };
}

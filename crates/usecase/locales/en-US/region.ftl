# Regions: list, profile, form, import, and region kinds and tags

region-count = Regions: { $count }
region-new = New region
region-edit = Edit region
region-profile = Profile
region-children = Subordinate regions
region-add-child = Add subordinate region
region-archive = Archive
region-restore = Restore
region-archived = archived
region-archive-confirm = Archive this region? Its data are kept and it can be restored at any time.
region-code-hint = The 12-digit national statistical division code; its leading digits must match the parent region. It cannot be changed once saved.

region-import-title = Import regions
region-import-text = An import is all or nothing: if any row is wrong, nothing in the file is imported, and the row and column at fault are named. The first row holds the column headers, in Chinese or English; Code, Name and Kind are required. Existing regions are updated by their code and the others are added. A file exported from Zhenxing imports back unchanged. Kinds may be written in Chinese (区, 县, 镇, 乡, 街道, 村, 社区) and tags as 重点村 (key village) or 扶持村 (supported village), several separated by commas or 、.
region-import-columns = Columns, in order:{ " " }
region-import-template = Download the current regions (usable as an import template)

## Region kinds

region-kind-district = District
region-kind-county = County
region-kind-town = Town
region-kind-township = Township
region-kind-subdistrict = Subdistrict
region-kind-village = Village
region-kind-community = Community

## Tags

region-tag-key_village = Key village
region-tag-supported_village = Supported village

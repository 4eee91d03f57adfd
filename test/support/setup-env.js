// cdktf's Testing.app() writes an outdir per app into os.tmpdir(): keep it inside the project.
const fs = require("fs");
const path = require("path");
const dir = path.join(__dirname, "..", "..", ".tmp", "jest");
fs.mkdirSync(dir, { recursive: true });
process.env.TMPDIR = dir;
process.env.CHECKPOINT_DISABLE = "1";
process.env.CDKTF_DISABLE_PLUGIN_CACHE_ENV = "1";

#!/usr/bin/env node
// Launcher kept in git (executable) so the bin link works before the first build; the code is in dist/.
import '../dist/bin/calibrate.js';

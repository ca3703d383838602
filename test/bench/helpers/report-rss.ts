/** Preloaded into a measured child (`node --import`): on exit, writes its peak RSS in bytes to $NETINSPECT_RSS_FILE. */
import {writeFileSync} from 'node:fs';

const file = process.env['NETINSPECT_RSS_FILE'];
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));

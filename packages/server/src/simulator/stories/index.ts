/** Every attack story the simulator knows. Each starts a given number of hours before "now". */
import type { StoryDefinition } from './story.ts';
import { phishMacroStory } from './phish-macro.ts';
import { passwordSprayStory } from './password-spray-bec.ts';
import { ransomwareStory } from './ransomware.ts';
import { driveByStory } from './drive-by.ts';
import { linuxMinerStory } from './linux-miner.ts';
import { insiderStory, kerberoastStory, pentestStory } from './insider-recon-pentest.ts';

export const allStories: readonly StoryDefinition[] = [
  phishMacroStory,
  passwordSprayStory,
  ransomwareStory,
  driveByStory,
  linuxMinerStory,
  insiderStory,
  kerberoastStory,
  pentestStory,
];

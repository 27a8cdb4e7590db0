/** Every attack story the simulator knows, in the order they are placed. */
import type { StoryDefinition } from './story.ts';
import { phishMacroStory } from './phish-macro.ts';

export const allStories: readonly StoryDefinition[] = [phishMacroStory];

/** Every page of the web app in French, in Chromium (web-pages.ts). */
import { everyPageIn } from './web-pages.ts';

everyPageIn('fr');
